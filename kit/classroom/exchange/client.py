"""Talk to the exchange service from a student's kernel (upload) or an instructor's shell (list, download).

Standard library only (``urllib``): a student's image needs nothing more. The address is ``$KIT_EXCHANGE_URL``
(the hub sets it for every server); the token is ``$KIT_EXCHANGE_TOKEN`` if set, else the server's own
``$JUPYTERHUB_API_TOKEN``, which the hub gives every kernel.

>>> exchange_url() is None or exchange_url().endswith("/")
True
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kit.core.errors import KitError

ENV_URL = "KIT_EXCHANGE_URL"
TIMEOUT = 60


class ExchangeError(KitError):
    """The exchange could not be reached or refused a request; the message says what to do."""


@dataclass(frozen=True)
class Receipt:
    """What the exchange says it received."""

    hub_user: str
    version: int
    received_at: str
    sha256: str
    size: int
    sheet_student: str

    def lines(self) -> list[str]:
        return [
            f"Received by the class exchange for hub user {self.hub_user!r} at {self.received_at} "
            f"(version {self.version}).",
            f"SHA-256 of what it received: {self.sha256} ({self.size:,} bytes).",
        ]


def exchange_url() -> str | None:
    url = os.environ.get(ENV_URL, "").strip()
    return url.rstrip("/") + "/" if url else None


def token() -> str | None:
    return os.environ.get("KIT_EXCHANGE_TOKEN") or os.environ.get("JUPYTERHUB_API_TOKEN") or None


def _call(method: str, path: str, *, url: str | None = None, data: bytes | None = None, api_token: str | None = None):
    base = url or exchange_url()
    if not base:
        raise ExchangeError(f"No exchange is configured (${ENV_URL} is not set).")
    api_token = api_token or token()
    if not api_token:
        raise ExchangeError("No hub token in this environment ($JUPYTERHUB_API_TOKEN): run this inside the hub.")
    request = urllib.request.Request(
        urllib.parse.urljoin(base.rstrip("/") + "/", path),
        data=data,
        method=method,
        headers={
            "Authorization": f"token {api_token}",
            "Content-Type": "application/zip",
            "Accept": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (the configured hub)
            return response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        raise ExchangeError(_refusal(err)) from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise ExchangeError(f"The class exchange at {base} cannot be reached ({reason}).") from None


def _refusal(err: urllib.error.HTTPError) -> str:
    try:
        message = json.loads(err.read(64 * 1024).decode("utf-8"))["message"]
    except Exception:
        message = ""
    if err.code in (401, 403) and not message:
        message = "The hub did not accept this server's token (it may have expired): restart your server."
    return f"The class exchange refused it (HTTP {err.code}): {message or err.reason}"


def upload(path: Path, url: str | None = None, api_token: str | None = None) -> Receipt:
    """Send one submission zip; return the exchange's receipt after checking its SHA-256 against ours."""
    data = Path(path).read_bytes()
    body, _ = _call("POST", "api/submissions", url=url, data=data, api_token=api_token)
    receipt = json.loads(body)
    receipt = Receipt(**{key: receipt[key] for key in Receipt.__dataclass_fields__})
    if receipt.sha256 != hashlib.sha256(data).hexdigest():
        raise ExchangeError("The exchange received a different file from the one sent (checksum). Submit again.")
    return receipt


def list_students(url: str | None = None, api_token: str | None = None) -> list[dict]:
    """Every student's version count and latest version (instructors: needs the collect scope)."""
    body, _ = _call("GET", "api/submissions", url=url, api_token=api_token)
    return json.loads(body)["students"]


def download(hub_user: str, version: int, url: str | None = None, api_token: str | None = None) -> bytes:
    """The bytes of one version."""
    path = f"api/submissions/{urllib.parse.quote(hub_user, safe='')}/{int(version)}"
    body, _ = _call("GET", path, url=url, api_token=api_token)
    return body

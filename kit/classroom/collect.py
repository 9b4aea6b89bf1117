"""``python -m kit collect --out DIR``: the latest submission of each student, with a manifest for ``kit grade``.

From the exchange service (``$KIT_EXCHANGE_URL``, with a token holding the collect scope) or from a directory
drop box (``$KIT_DROPBOX``). Every file is checked against the SHA-256 the exchange recorded, and read with
the grader's safe reader to fill ``sheet_student``. ``DIR/collect-manifest.json`` has exactly this form::

    {"format": "kit-collect/1", "collected_at": "<ISO 8601 UTC>",
     "submissions": [{"hub_user": str, "file": "<path relative to DIR>", "received_at": "<ISO 8601 UTC, exchange's
                      clock>", "sha256": "<hex>", "versions": int, "sheet_student": str}]}

Nothing is deleted on either side: collecting again fetches whatever is newer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kit.classroom.exchange import client, dropbox
from kit.classroom.state import safe_name
from kit.core.errors import KitError, SubmissionError
from kit.grading.submissions import read_submission

MANIFEST = "collect-manifest.json"
FORMAT = "kit-collect/1"


@dataclass
class Collected:
    submissions: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _save(out: Path, hub_user: str, data: bytes, row: dict, versions: int, result: Collected) -> None:
    digest = hashlib.sha256(data).hexdigest()
    if row.get("sha256") and digest != row["sha256"]:
        result.problems.append(f"{hub_user}: the file fetched does not match its recorded SHA-256; fetch again.")
        return
    relative = Path(safe_name(hub_user)) / f"{safe_name(hub_user)}-latest.zip"
    (out / relative).parent.mkdir(parents=True, exist_ok=True)
    (out / relative).write_bytes(data)
    try:
        sheet_student = read_submission(out / relative)["student"]
    except SubmissionError as err:
        result.problems.append(f"{hub_user}: the latest submission cannot be read ({err}); kept as {relative}.")
        sheet_student = ""
    result.submissions.append(
        {
            "hub_user": hub_user,
            "file": relative.as_posix(),
            "received_at": row["received_at"],
            "sha256": digest,
            "versions": versions,
            "sheet_student": sheet_student,
        }
    )


def from_exchange(out: Path, url: str | None = None, api_token: str | None = None) -> Collected:
    """Download each student's latest version from the exchange service."""
    result = Collected()
    for student in client.list_students(url, api_token):
        latest = student["latest"]
        try:
            data = client.download(student["hub_user"], latest["version"], url, api_token)
        except KitError as err:
            result.problems.append(f"{student['hub_user']}: not fetched ({err}); run collect again.")
            continue
        _save(out, student["hub_user"], data, latest, student["versions"], result)
    return result


def from_dropbox(out: Path, folder: Path) -> Collected:
    """Copy each owner's newest file from a directory drop box."""
    result = Collected()
    for owner, rows in sorted(dropbox.entries(folder).items()):
        received_at, path = rows[-1]
        try:
            data = path.read_bytes()
        except OSError as err:
            result.problems.append(f"{owner}: {path.name} cannot be read ({err.strerror}).")
            continue
        _save(out, owner, data, {"received_at": received_at}, len(rows), result)
    return result


def collect(out: Path, url: str | None = None, folder: Path | None = None, api_token: str | None = None) -> Collected:
    """Collect into ``out`` from the exchange (``url``) or a drop box (``folder``); write the manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    url = url or client.exchange_url()
    folder = folder or dropbox.dropbox_folder()
    if url:
        result = from_exchange(out, url, api_token)
    elif folder:
        result = from_dropbox(out, Path(folder))
    else:
        raise KitError(
            "No exchange to collect from: give --exchange URL (the hub's /services/kit-exchange/) or --dropbox "
            "FOLDER, or set $KIT_EXCHANGE_URL or $KIT_DROPBOX."
        )
    manifest = {"format": FORMAT, "collected_at": _utc_now(), "submissions": result.submissions}
    handle, temporary = tempfile.mkstemp(dir=out, prefix=".manifest-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(manifest, stream, ensure_ascii=False, indent=1)
    os.replace(temporary, out / MANIFEST)
    return result

"""The submission exchange as a JupyterHub service (tornado, as the hub's own service examples are).

Run by the hub (``c.JupyterHub.services``, see ``deploy/hub/jupyterhub_config.py``)::

    python -m kit.classroom.exchange.service --store /srv/kit-exchange

Routes, under the service's prefix (``/services/kit-exchange/``):

- ``POST api/submissions``: a student's kernel uploads a zip with its own hub token
  (``Authorization: token $JUPYTERHUB_API_TOKEN``); the answer is a receipt (JSON).
- ``GET api/submissions/mine``: the caller's own versions.
- ``GET api/submissions``: every student's version count and latest version (needs :data:`COLLECT_SCOPE`).
- ``GET api/submissions/<hub user>/<version>``: download one version (needs :data:`COLLECT_SCOPE`).

Who uploaded is what the hub says the token belongs to; the file's contents never decide it.
Every answer is JSON with a ``message`` a person can read, except downloads.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

from kit.classroom.exchange.store import Limits, Refused, Store

SERVICE_NAME = "kit-exchange"
COLLECT_SCOPE = f"custom:{SERVICE_NAME}:collect"


def make_app(store: Store, prefix: str):
    """The tornado application (imports tornado and jupyterhub only here: the hub's environment has them)."""
    from jupyterhub.services.auth import HubAuthenticated  # type: ignore[import-untyped]
    from tornado import web

    class Base(HubAuthenticated, web.RequestHandler):
        def check_xsrf_cookie(self):  # token-authenticated API calls only; no cookies are accepted
            pass

        def write_error(self, status_code, **kwargs):
            reason = kwargs.get("exc_info", (None, None))[1]
            message = reason.log_message if isinstance(reason, web.HTTPError) and reason.log_message else self._reason
            self.finish({"status": status_code, "message": message})

        def hub_user(self, kind: str | None = "user") -> dict:
            user = self.current_user
            if not user or (kind and user.get("kind", "user") != kind):
                raise web.HTTPError(
                    403,
                    "The hub did not recognise this token (expired, or the server restarted). Restart your "
                    "server from the Hub Control Panel, then submit again; your zip is kept.",
                )
            return user

        def instructor(self) -> dict:
            user = self.hub_user(kind=None)  # an instructor, or a service acting for one (scripts)
            if COLLECT_SCOPE not in user.get("scopes", []):
                raise web.HTTPError(403, f"Listing and downloading submissions needs the scope {COLLECT_SCOPE}.")
            return user

        def refuse(self, err: Refused):
            self.set_status(err.status)
            self.finish({"status": err.status, "message": str(err)})

    @web.stream_request_body
    class Submissions(Base):
        def prepare(self):
            self.chunks, self.size, self.too_big = [], 0, False
            if self.request.method == "POST":
                # read (and drop) a little past the limit so that the refusal can say why; far past it, tornado
                # closes the connection
                self.request.connection.set_max_body_size(4 * store.limits.max_bytes)  # type: ignore[union-attr]

        def data_received(self, chunk: bytes):
            self.size += len(chunk)
            if self.size <= store.limits.max_bytes:
                self.chunks.append(chunk)
            else:
                self.too_big, self.chunks = True, []

        def post(self):
            user = self.hub_user()
            data = b"".join(self.chunks)
            try:
                if self.too_big:
                    data = b"\0" * (store.limits.max_bytes + 1)  # let the store word the refusal
                receipt = store.accept(user["name"], data)
            except Refused as err:
                return self.refuse(err)
            receipt["message"] = f"Received version {receipt['version']} from {user['name']}."
            self.set_status(201)
            self.finish(receipt)

        def get(self):
            self.instructor()
            self.finish({"students": store.students()})

    class Mine(Base):
        def get(self):
            user = self.hub_user()
            self.finish({"hub_user": user["name"], "versions": store.versions(user["name"])})

    class Download(Base):
        def get(self, name: str, version: str):
            self.instructor()
            try:
                data, row = store.read(name, int(version))  # tornado has URL-decoded the name
            except Refused as err:
                return self.refuse(err)
            self.set_header("Content-Type", "application/zip")
            self.set_header("X-Kit-SHA256", row["sha256"])
            self.set_header("X-Kit-Received-At", row["received_at"])
            self.finish(data)

    class Health(web.RequestHandler):
        def get(self):
            self.finish({"status": 200, "message": "the kit's submission exchange is running"})

    prefix = "/" + prefix.strip("/") + "/"
    return web.Application(
        [
            (prefix + "api/submissions", Submissions),
            (prefix + "api/submissions/mine", Mine),
            (prefix + r"api/submissions/([^/]+)/([0-9]+)", Download),
            (prefix + "?", Health),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kit.classroom.exchange.service", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--store", required=True, help="folder that keeps every submission (instructors only)")
    parser.add_argument("--max-versions", type=int, default=Limits.max_versions, help="per student")
    parser.add_argument("--max-student-mib", type=int, default=Limits.max_student_bytes // 2**20)
    parser.add_argument("--min-free-mib", type=int, default=Limits.min_free_bytes // 2**20, help="refuse below this")
    parser.add_argument("--ip", help="address to listen on (default: the host of $JUPYTERHUB_SERVICE_URL)")
    args = parser.parse_args(argv)
    limits = Limits(
        max_versions=args.max_versions,
        max_student_bytes=args.max_student_mib * 2**20,
        min_free_bytes=args.min_free_mib * 2**20,
    )
    store = Store(Path(args.store), limits)
    os.chmod(store.root, 0o700)  # students reach submissions through the service only
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    from tornado.ioloop import IOLoop

    address = args.ip or url.hostname or "127.0.0.1"
    make_app(store, prefix).listen(url.port or 80, address, max_body_size=4 * limits.max_bytes)
    print(f"kit exchange: {store.root} on {url.geturl()}{prefix}", file=sys.stderr, flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # the hub stops its services with SIGINT
        IOLoop.current().start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

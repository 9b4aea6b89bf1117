"""The exchange's storage: every version of every student's submission, with bounds and a ledger per student.

Layout: ``STORE/students/<hub user as a safe name>/v000001.zip`` and ``index.json`` beside it. The hub user
comes from the hub (the caller passes it); what the file says about its student is recorded, never trusted.
Versions are numbered by the store, and ``received_at`` is the store's clock: the order a student cannot forge.

>>> import tempfile, pathlib, io, json, zipfile
>>> store = Store(pathlib.Path(tempfile.mkdtemp()))
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w") as z:
...     sheet = {"format": "kit-answers/1", "student": "ada", "answers": {}}
...     z.writestr("answers/answer-sheet.json", json.dumps(sheet))
>>> receipt = store.accept("ada", buffer.getvalue())
>>> receipt["version"], receipt["sheet_student"], len(receipt["sha256"])
(1, 'ada', 64)
>>> store.accept("ada", b"not a zip")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kit.classroom.exchange.store.Refused: This is not a kit submission (not a zip file). Make it with kit.submit() ...
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kit.classroom.state import safe_name
from kit.core.errors import KitError, SubmissionError
from kit.grading.submissions import MAX_FILE_BYTES, read_submission


class Refused(KitError):
    """An upload the exchange will not keep; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_FILE_BYTES  # the grader's own limit: a larger file could never be graded
    max_versions: int = 100  # per student; every one is kept
    max_student_bytes: int = 50 * 1024 * 1024
    min_free_bytes: int = 200 * 1024 * 1024  # keep the disk usable for everyone else


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class Store:
    """Submissions on disk, one folder per hub user."""

    def __init__(self, root: Path, limits: Limits | None = None):
        self.root = Path(root)
        self.limits = limits or Limits()
        (self.root / "students").mkdir(parents=True, exist_ok=True)

    def _folder(self, hub_user: str) -> Path:
        return self.root / "students" / safe_name(hub_user)

    def versions(self, hub_user: str) -> list[dict]:
        """Every version this hub user handed in, oldest first."""
        try:
            return json.loads((self._folder(hub_user) / "index.json").read_text(encoding="utf-8"))["versions"]
        except FileNotFoundError:
            return []

    def students(self) -> list[dict]:
        """One row per hub user: how many versions, and the latest one."""
        rows = []
        for index in sorted((self.root / "students").glob("*/index.json")):
            data = json.loads(index.read_text(encoding="utf-8"))
            if data["versions"]:
                rows.append(
                    {"hub_user": data["hub_user"], "versions": len(data["versions"]), "latest": data["versions"][-1]}
                )
        return rows

    def read(self, hub_user: str, version: int) -> tuple[bytes, dict]:
        """The bytes and the ledger row of one version."""
        for row in self.versions(hub_user):
            if row["version"] == version:
                return (self._folder(hub_user) / row["file"]).read_bytes(), row
        raise Refused(404, f"No version {version} from {hub_user!r}.")

    def accept(self, hub_user: str, data: bytes) -> dict:
        """Check and keep one upload from ``hub_user``; return the receipt, or raise Refused saying why."""
        limits = self.limits
        if len(data) > limits.max_bytes:
            raise Refused(
                413,
                f"Your file is {len(data) / 2**20:.1f} MiB; the exchange takes at most {limits.max_bytes / 2**20:.0f} "
                "MiB. Clear large outputs in your notebooks (Edit → Clear Outputs of All Cells), save, submit again.",
            )
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise Refused(
                400, "This is not a kit submission (not a zip file). Make it with kit.submit() and send that file."
            )
        history = self.versions(hub_user)
        if len(history) >= limits.max_versions:
            raise Refused(
                429,
                f"You have handed in {len(history)} versions, the most the exchange keeps; all are kept and the latest "
                f"(version {history[-1]['version']}, {history[-1]['received_at']}) counts. Ask your instructor if you "
                "must hand in again.",
            )
        if sum(row["size"] for row in history) + len(data) > limits.max_student_bytes:
            raise Refused(429, "Your versions fill your space on the exchange; the latest counts. Ask your instructor.")
        folder = self._folder(hub_user)
        folder.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(folder).free - len(data) < limits.min_free_bytes:
            raise Refused(
                507,
                "The exchange's disk is full, so nothing was received. Your zip is kept in your own files: "
                "tell your instructor, and submit again later or download the zip and hand it in another way.",
            )
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            try:
                sheet = read_submission(Path(temporary))
            except SubmissionError as err:
                raise Refused(
                    400, f"This is not a kit submission ({err}). Make it with kit.submit() and send that file."
                ) from None
            version = history[-1]["version"] + 1 if history else 1
            row = {
                "version": version,
                "file": f"v{version:06d}.zip",
                "received_at": now(),
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "sheet_student": sheet["student"],
            }
            os.replace(temporary, folder / row["file"])
            _write_json(folder / "index.json", {"hub_user": hub_user, "versions": [*history, row]})
        except OSError as err:
            raise Refused(
                507,
                f"The exchange could not store your file ({err.strerror}); nothing was received. Your zip is kept "
                "in your own files: tell your instructor and submit again later.",
            ) from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        return {"hub_user": hub_user, **row}


def _write_json(path: Path, data: dict) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".index-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)

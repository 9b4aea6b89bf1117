"""The student's answer sheet: a versioned JSON file, written atomically, shared safely between notebooks.

Format (``kit-answers/1``)::

    {"format": "kit-answers/1", "student": "<id>",
     "answers": {"<exercise id>": {"value": <answer>, "time": "<ISO 8601>", "attempts": <int>}}}

Every write re-reads the file under a lock, changes one answer and replaces the
file in one step (``os.replace``), so two notebooks open at once never overwrite
each other and a crash never leaves half a file: the new text goes to a hidden ``.sheet-*.tmp`` file beside
the sheet, is flushed to disk (``fsync``), then takes the sheet's place. The file is UTF-8 JSON, keys sorted,
one per line (indent 1), so a sheet reads and diffs well by hand. An unreadable sheet is never written over:
it is moved aside as ``NAME.unreadable-<UTC time>.json`` first (``kit.submit()`` hands it in too).

>>> import tempfile, pathlib
>>> sheet = AnswerSheet(pathlib.Path(tempfile.mkdtemp()) / "sheet.json", student="ada")
>>> sheet.record("geo-4", "3 July 1962")
1
>>> sheet.load()["answers"]["geo-4"]["value"]
'3 July 1962'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sys
import tempfile
from pathlib import Path

FORMAT = "kit-answers/1"
SHEET_NAME = "answer-sheet.json"


def default_sheet_path() -> Path:
    """``$KIT_ANSWERS`` if set, else this student's own sheet in their work folder (see :mod:`kit.classroom.state`)."""
    from kit.classroom import identity, state  # the classroom decides where each student's files live

    return state.sheet_file(identity.current().student)


def default_student() -> str:
    """The student id (see :mod:`kit.classroom.identity`), else the login name (``submit`` refuses a generic one)."""
    from kit.classroom import identity

    try:
        return identity.current().student or getpass.getuser()
    except Exception:  # no login name in some containers
        return "student"


class AnswerSheet:
    """One student's answers on disk."""

    def __init__(self, path: Path | None = None, student: str | None = None):
        self.path = Path(path or default_sheet_path())
        self._student = student
        self.notice = ""

    def load(self) -> dict:
        """The sheet as a dict (an empty sheet if there is no file yet)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"format": FORMAT, "student": self._student or default_student(), "answers": {}}
        except (ValueError, RecursionError):  # not JSON (UnicodeDecodeError is a ValueError), or nested too deep
            return self._set_aside()
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("answers"), dict):
            return data
        return self._set_aside()  # JSON, but not a kit answer sheet

    def _set_aside(self) -> dict:
        # Never lose a student's work: keep the unreadable file beside the new one.
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        kept = self.path.with_name(f"{self.path.stem}.unreadable-{stamp}{self.path.suffix}")
        # A sheet that cannot be moved aside must stay unwritten: the OSError reaches the caller ("Could not save
        # your answer ..."), and the next write would otherwise replace the student's only copy.
        with contextlib.suppress(FileNotFoundError):  # another notebook moved it aside first
            self.path.replace(kept)
        self.notice = f"Your answer sheet could not be read; it was kept as {kept.name} and a new one started."
        return {"format": FORMAT, "student": self._student or default_student(), "answers": {}}

    @contextlib.contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a+") as lock:
            _lock_file(lock)
            try:
                yield
            finally:
                _unlock_file(lock)

    def _write(self, data: dict) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".sheet-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def record(self, exercise_id: str, value) -> int:
        """Record an answer (replacing any earlier one); return how many attempts this exercise has had."""
        with self._locked():
            data = self.load()
            if self._student:
                data["student"] = self._student
            attempts = _attempts(data["answers"].get(exercise_id)) + 1
            data["answers"][exercise_id] = {
                "value": value,
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "attempts": attempts,
            }
            self._write(data)
        return attempts

    def entries(self) -> tuple[dict[str, dict], list[str]]:
        """The well-formed answers by exercise id, and one message per malformed entry (kept in the file)."""
        return read_entries(self.load())

    def settings(self) -> dict:
        """The learner's settings kept in the sheet (``{"self_study": true}``...); {} when none or damaged."""
        found = self.load().get("settings")
        return found if isinstance(found, dict) else {}

    def set_setting(self, name: str, value) -> None:
        """Keep one setting in the sheet (under ``settings``), beside the answers."""
        with self._locked():
            data = self.load()
            found = data.get("settings")
            settings = found if isinstance(found, dict) else {}
            data["settings"] = {**settings, name: value}
            self._write(data)

    def set_student(self, student: str) -> None:
        """Write the student id into the sheet."""
        self._student = student
        with self._locked():
            data = self.load()
            data["student"] = student
            self._write(data)


def _attempts(entry) -> int:
    """The attempts of a saved entry; 0 when the entry is missing or damaged."""
    attempts = entry.get("attempts") if isinstance(entry, dict) else None
    return attempts if isinstance(attempts, int) and not isinstance(attempts, bool) and 0 <= attempts < 10**9 else 0


def read_entries(data: dict) -> tuple[dict[str, dict], list[str]]:
    """Split a sheet's answers into well-formed entries and messages about the others (which stay in the file).

    A well-formed entry is a table with a ``value``; ``attempts`` and ``time`` are filled in when missing.

    >>> good, bad = read_entries({"answers": {"geo-4": {"value": "x"}, "geo-5": ["x"]}})
    >>> good["geo-4"]["attempts"], bad
    (0, ['geo-5: the saved entry is a list, not a table with a value; it is kept in the file.'])
    """
    answers = data.get("answers") if isinstance(data, dict) else None
    good: dict[str, dict] = {}
    problems: list[str] = []
    for exercise_id, entry in (answers if isinstance(answers, dict) else {}).items():
        if not isinstance(entry, dict) or "value" not in entry:
            found = (
                "has no value" if isinstance(entry, dict) else f"is a {type(entry).__name__}, not a table with a value"
            )
            problems.append(f"{exercise_id}: the saved entry {found}; it is kept in the file.")
            continue
        time = entry.get("time")
        good[exercise_id] = {
            "value": entry["value"],
            "attempts": _attempts(entry),
            "time": time if isinstance(time, str) else "",
        }
    return good, problems


_SHEET: AnswerSheet | None = None


_FOLLOW_DEFAULT = True


def answer_sheet() -> AnswerSheet:
    """The answer sheet this kernel records into: the current student's (it follows a change of id)."""
    global _SHEET
    if _SHEET is None or (_FOLLOW_DEFAULT and _SHEET.path != default_sheet_path()):
        _SHEET = AnswerSheet(student=default_student())  # the path: the default sheet's
    return _SHEET


def use_answer_sheet(path: str | Path, student: str | None = None) -> AnswerSheet:
    """Record answers in another file (for tests, or a shared drive)."""
    global _SHEET, _FOLLOW_DEFAULT
    _SHEET, _FOLLOW_DEFAULT = AnswerSheet(Path(path), student), False
    return _SHEET


# A platform test (not try/except ImportError) so that the type checker reads the branch for its platform only.
if sys.platform == "win32":
    import msvcrt

    def _lock_file(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for about 10 s, then raises OSError

    def _unlock_file(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:  # POSIX
    import fcntl

    def _lock_file(handle) -> None:
        fcntl.flock(handle, fcntl.LOCK_EX)

    def _unlock_file(handle) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)

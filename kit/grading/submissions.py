"""Read one submission file (an answer sheet or a submit bundle) as data, safely.

Nothing in a submission is imported or run. Limits protect the grader from
oversized files, zip bombs, path traversal and deeply nested JSON; every
problem becomes a :class:`~kit.core.errors.SubmissionError` with a short reason.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ada.json"
>>> _ = path.write_text(json.dumps({"format": "kit-answers/1", "student": "ada", "answers": {}}))
>>> read_submission(path)["student"]
'ada'
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path, PurePosixPath

from kit.core.errors import SubmissionError
from kit.exercises.answers import FORMAT

MAX_FILE_BYTES = 5 * 1024 * 1024  # an answer sheet is a few kB; a bundle with notebooks well under 5 MB
MAX_SHEET_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ZIP_UNPACKED = 20 * 1024 * 1024
MAX_DEPTH = 20
SHEET_IN_BUNDLE = "answers/answer-sheet.json"


def read_submission(path: Path) -> dict:
    """Return the answer sheet held by ``path`` (``.json`` or ``.zip``), or raise SubmissionError."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise SubmissionError(f"cannot read the file ({err.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise SubmissionError(f"file too large ({size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB)")
    raw = _sheet_from_zip(path) if zipfile.is_zipfile(path) else path.read_bytes()
    return parse_sheet(raw)


def _sheet_from_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as bundle:
            members = bundle.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise SubmissionError(f"zip holds too many files ({len(members)})")
            for member in members:
                name = PurePosixPath(member.filename.replace("\\", "/"))
                if name.is_absolute() or ".." in name.parts:
                    raise SubmissionError(f"zip entry with an unsafe path ({member.filename!r})")
            if sum(m.file_size for m in members) > MAX_ZIP_UNPACKED:
                raise SubmissionError("zip unpacks to more than 20 MiB (a zip bomb?)")
            sheets = [m for m in members if m.filename == SHEET_IN_BUNDLE]
            if not sheets:
                raise SubmissionError(f"zip has no {SHEET_IN_BUNDLE}: not a kit submission")
            with bundle.open(sheets[0]) as handle:
                data = handle.read(MAX_SHEET_BYTES + 1)  # never trust the declared size
            if len(data) > MAX_SHEET_BYTES:
                raise SubmissionError("answer sheet in the zip is too large")
            return data
    except zipfile.BadZipFile as err:
        raise SubmissionError(f"damaged zip ({err})") from None
    except (OSError, EOFError, NotImplementedError, RuntimeError) as err:  # truncated or encrypted entries
        raise SubmissionError(f"damaged zip ({type(err).__name__})") from None


def parse_sheet(raw: bytes) -> dict:
    """Parse and check the bytes of an answer sheet."""
    if len(raw) > MAX_SHEET_BYTES:
        raise SubmissionError("answer sheet too large")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SubmissionError(f"not UTF-8 text (bad byte at position {err.start})") from None
    if _nesting(text) > MAX_DEPTH:
        raise SubmissionError(f"JSON nested too deeply (more than {MAX_DEPTH} levels)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SubmissionError(f"not valid JSON ({err.msg} at line {err.lineno}); truncated?") from None
    except RecursionError:
        raise SubmissionError("JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise SubmissionError("not a kit answer sheet (the JSON is not an object)")
    if data.get("format") != FORMAT:
        raise SubmissionError(f"wrong format {data.get('format')!r}; expected {FORMAT!r}")
    student, answers = data.get("student"), data.get("answers")
    if not isinstance(student, str) or not student.strip() or len(student) > 100:
        raise SubmissionError("missing or invalid student id")
    if not isinstance(answers, dict):
        raise SubmissionError("'answers' is not an object")
    for exercise_id, entry in answers.items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise SubmissionError(f"answer {exercise_id!r} has no value")
    return data


_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _nesting(text: str) -> int:
    """Deepest bracket nesting outside strings, found without building anything."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def find_submissions(paths: list[Path]) -> list[Path]:
    """Every .json and .zip file among ``paths`` (folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".zip")]
        else:
            found.append(path)
    return sorted(set(found))

"""Read one submission file (an answer sheet or a submit bundle) as data, safely, in linear time.

Nothing in a submission is imported or run. Sizes are bounded before anything is
parsed; the JSON parser is the standard library's (linear, no regular expressions);
nesting is bounded; text that cannot be written as UTF-8 (a lone surrogate) is
replaced by U+FFFD, visibly. A sheet with one malformed answer is still read: that
answer is marked so that grading reports it and goes on. Every other problem becomes
a :class:`~kit.core.errors.SubmissionError` with a short reason.

>>> import json, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ada.json"
>>> _ = path.write_text(json.dumps({"format": "kit-answers/1", "student": "ada", "answers": {}}))
>>> read_submission(path)["student"]
'ada'
>>> parse_sheet(b'{"format": "kit-answers/1", "student": "\\\\ud800", "answers": {"x": 1}}')["answers"]
{'x': {'value': None, 'malformed': True}}
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from kit.core.errors import SubmissionError
from kit.exercises.answers import FORMAT
from kit.grading.csvfiles import visible
from kit.grading.identity import MANIFEST

MAX_FILE_BYTES = 5 * 1024 * 1024  # an answer sheet is a few kB; a bundle with notebooks well under 5 MB
MAX_SHEET_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 200
MAX_ZIP_UNPACKED = 20 * 1024 * 1024
MAX_DEPTH = 20
MAX_ID = 100
MAX_VALUES = 100_000  # a sheet holds a few hundred values
MAX_ANSWERS = 1_000  # the bank has a few dozen exercises
SHEET_IN_BUNDLE = "answers/answer-sheet.json"
SUFFIXES = (".json", ".zip")


def read_submission(path: Path, require_student: bool = True) -> dict:
    """Return the answer sheet held by ``path`` (``.json`` or ``.zip``), or raise SubmissionError."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise SubmissionError(f"cannot read the file ({err.strerror})") from None
    if len(head) > MAX_FILE_BYTES:
        raise SubmissionError(f"file too large (over {MAX_FILE_BYTES // 1024} KiB, the limit)")
    if head[:2] == b"PK" or Path(path).suffix.lower() == ".zip":
        if not zipfile.is_zipfile(path):
            raise SubmissionError("damaged zip (not a complete zip file); ask the student to submit again")
        head = _sheet_from_zip(path)
    return parse_sheet(head, require_student)


def _sheet_from_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as bundle:
            members = bundle.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise SubmissionError(f"zip holds too many files ({len(members)})")
            for member in members:
                name = PurePosixPath(member.filename.replace("\\", "/"))
                if name.is_absolute() or ".." in name.parts:
                    raise SubmissionError(f"zip entry with an unsafe path ({visible(member.filename)[:80]!r})")
            if sum(m.file_size for m in members) > MAX_ZIP_UNPACKED:
                raise SubmissionError("zip unpacks to more than 20 MiB (a zip bomb?)")
            sheets = [m for m in members if m.filename == SHEET_IN_BUNDLE]
            if not sheets:
                raise SubmissionError(f"zip has no {SHEET_IN_BUNDLE}: not a kit submission")
            if sheets[0].flag_bits & 0x1:  # APPNOTE 4.4.4: bit 0, encrypted
                raise SubmissionError("answer sheet in the zip is password-protected; ask the student to submit again")
            with bundle.open(sheets[0]) as handle:
                data = handle.read(MAX_SHEET_BYTES + 1)  # never trust the declared size
            if len(data) > MAX_SHEET_BYTES:
                raise SubmissionError("answer sheet in the zip is too large")
            return data
    except zipfile.BadZipFile as err:
        raise SubmissionError(f"damaged zip ({err})") from None
    except (OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as err:  # truncated, encrypted
        raise SubmissionError(f"damaged zip ({type(err).__name__})") from None


def parse_sheet(raw: bytes, require_student: bool = True) -> dict:
    """Parse and check the bytes of an answer sheet; return it with every text made writable."""
    if len(raw) > MAX_SHEET_BYTES:
        raise SubmissionError("answer sheet too large")
    try:
        text = raw.decode()  # bytes.decode is UTF-8 by default
    except UnicodeDecodeError as err:
        raise SubmissionError(f"not UTF-8 text (bad byte at position {err.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SubmissionError(f"not valid JSON ({err.msg} at line {err.lineno}); truncated?") from None
    except RecursionError:
        raise SubmissionError(f"JSON nested too deeply (more than {MAX_DEPTH} levels)") from None
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise SubmissionError(f"not a readable answer sheet ({str(err)[:80]})") from None
    if not isinstance(data, dict):
        raise SubmissionError("not a kit answer sheet (the JSON is not an object)")
    if data.get("format") != FORMAT:
        raise SubmissionError(f"wrong format {str(data.get('format'))[:40]!r}; expected {FORMAT!r}")
    if isinstance(data.get("answers"), dict) and len(data["answers"]) > MAX_ANSWERS:
        raise SubmissionError(f"too many answers ({len(data['answers']):,}; a sheet holds at most {MAX_ANSWERS:,})")
    data = _clean(data, fix_text=b"\\ud" in raw or b"\\uD" in raw)  # lone surrogates come from \\uD8xx escapes
    student, answers = data.get("student"), data.get("answers")
    valid_id = isinstance(student, str) and student.strip() and len(student) <= MAX_ID
    if require_student and not valid_id:
        raise SubmissionError("missing or invalid student id")
    if not valid_id:
        data["student"] = ""
    if not isinstance(answers, dict):
        raise SubmissionError("'answers' is not an object")
    for exercise_id, entry in answers.items():
        if not isinstance(entry, dict) or "value" not in entry:
            answers[exercise_id] = {"value": None, "malformed": True}
    return data


def _clean(data, fix_text: bool):
    """Check the parsed JSON's depth and size; with ``fix_text``, make every string writable as UTF-8.

    Iterative (no recursion), one visit per value, at most MAX_VALUES values: linear and bounded.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]  # the sheet itself is level 1; only what it holds counts as values
    count = 0
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SubmissionError(f"JSON nested too deeply (more than {MAX_DEPTH} levels)")
        count += len(container)
        if count > MAX_VALUES:
            raise SubmissionError(f"too many values in the sheet (more than {MAX_VALUES:,})")
        if isinstance(container, dict):
            if fix_text:
                fixed = {visible(k): v for k, v in container.items()}
                container.clear()
                container.update(fixed)
            pairs: Iterable[tuple[Any, Any]] = container.items()
        else:
            pairs = enumerate(container)
        for key, value in pairs:
            if type(value) is str:
                if fix_text:
                    container[key] = visible(value)
            elif type(value) in (dict, list):
                stack.append((value, depth + 1))
    return data


def find_submissions(paths: list[Path], exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Every .json and .zip file among ``paths`` (folders searched recursively), sorted.

    Skips a ``kit collect`` manifest, macOS resource files (``._name``) and anything under ``exclude``.
    """
    excluded = [e.resolve() for e in exclude]
    found: set[Path] = set()
    for path in paths:
        candidates = path.rglob("*") if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.name == MANIFEST or candidate.name.startswith("._"):
                continue
            if path.is_dir() and (candidate.suffix.lower() not in SUFFIXES or not candidate.is_file()):
                continue
            resolved = candidate.resolve()
            if any(resolved.is_relative_to(e) for e in excluded):
                continue
            found.add(candidate)
    return sorted(found)

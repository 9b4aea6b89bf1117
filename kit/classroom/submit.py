"""Handing work in: ``set_student`` (who the answers belong to) and ``submit`` (one zip to upload).

>>> import tempfile, pathlib
>>> from kit.exercises.answers import use_answer_sheet
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = use_answer_sheet(folder / "sheet.json", student="ada")
>>> pack_submission(folder / "out.zip").name
'out.zip'
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from kit.core.errors import KitError, SubmissionError
from kit.core.paths import ROOT
from kit.core.render import Rendered
from kit.exercises.answers import answer_sheet


def set_student(student_id: str) -> Rendered:
    """Set the id your instructor knows you by (e.g. your university login)."""
    student_id = str(student_id).strip()
    if not student_id or len(student_id) > 100:
        return Rendered([("bad", "Give your student id as a short text, e.g. kit.set_student('ab123').")])
    answer_sheet().set_student(student_id)
    return Rendered([("good", f"Answers will be recorded for {student_id!r} in {answer_sheet().path}.")])


def submit(out: str | Path | None = None) -> Rendered:
    """Pack the answer sheet and the notebooks into one zip to upload; verify the packed copy first."""
    try:
        path = pack_submission(out)
    except (KitError, OSError) as err:
        return Rendered([("bad", f"Submission not made: {err}")])
    return Rendered([("good", f"Submission ready: {path}. Upload this file. It was re-opened and checked.")])


def pack_submission(out: str | Path | None = None) -> Path:
    sheet = answer_sheet().load()
    student = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in sheet.get("student", "student"))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(out) if out else ROOT / "submissions" / f"submission-{student}-{stamp}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet_bytes = json.dumps(sheet, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("answers/answer-sheet.json", sheet_bytes)
        for notebook in notebooks:
            bundle.write(notebook, f"notebooks/{notebook.name}")
    with zipfile.ZipFile(target) as bundle:
        if bundle.testzip() is not None or bundle.read("answers/answer-sheet.json") != sheet_bytes:
            raise SubmissionError(f"the packed file {target} did not read back correctly; try again.")
        if len(bundle.namelist()) != 1 + len(notebooks):
            raise SubmissionError(f"the packed file {target} is missing files; try again.")
    return target

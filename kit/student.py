"""The student's side: ``check``, ``explain``, ``progress``, ``submit``, ``set_student``.

Answers are keyed by exercise id, not by cell, so cells may be moved, copied or
deleted. Every check is recorded in the answer sheet (:mod:`kit.answers`).

>>> import tempfile, pathlib
>>> _ = use_answer_sheet(pathlib.Path(tempfile.mkdtemp()) / "sheet.json")
>>> check("actors-7", 3).status
'correct'
>>> check("no-such-id", 1).status
'form'
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from .answers import AnswerSheet
from .checking import Outcome, check_answer
from .errors import KitError, SubmissionError
from .exercises import ROOT, load_bank
from .render import Rendered

_SHEET: AnswerSheet | None = None


def answer_sheet() -> AnswerSheet:
    global _SHEET
    if _SHEET is None:
        _SHEET = AnswerSheet()
    return _SHEET


def use_answer_sheet(path: str | Path, student: str | None = None) -> AnswerSheet:
    """Record answers in another file (for tests, or a shared drive)."""
    global _SHEET
    _SHEET = AnswerSheet(Path(path), student)
    return _SHEET


def set_student(student_id: str) -> Rendered:
    """Set the id your instructor knows you by (e.g. your university login)."""
    student_id = str(student_id).strip()
    if not student_id or len(student_id) > 100:
        return Rendered([("bad", "Give your student id as a short text, e.g. kit.set_student('ab123').")])
    answer_sheet().set_student(student_id)
    return Rendered([("good", f"Answers will be recorded for {student_id!r} in {answer_sheet().path}.")])


def check(exercise_id: str, answer) -> Outcome:
    """Check an answer, show feedback, and record it in the answer sheet. Never raises.

    ``kit.check("geo-4", "3 July 1962")``
    """
    try:
        exercise = load_bank().get_exercise(str(exercise_id))
    except KitError as err:
        return Outcome(str(exercise_id), "form", 0, 0, [str(err)])
    outcome = check_answer(exercise, answer)
    if outcome.status in ("wrong", "partial") and not exercise.graded:
        outcome.messages.append(f"Try again, or open the worked explanation: kit.explain({exercise.id!r}).")
    if outcome.status != "form":
        try:
            attempts = answer_sheet().record(exercise.id, outcome.value)
            outcome.messages.append(f"Saved (attempt {attempts}) in {answer_sheet().path.name}.")
        except OSError as err:
            outcome.messages.append(
                f"Could not save your answer ({err.strerror}). Check that the answers folder is writable."
            )
        if answer_sheet().notice:
            outcome.messages.append(answer_sheet().notice)
            answer_sheet().notice = ""
    return outcome


def explain(exercise_id: str) -> Rendered:
    """The worked explanation of an exercise, once you have tried it.

    In a student release, graded items keep theirs until grading (it would give the key away).
    """
    try:
        bank = load_bank()
        exercise = bank.get_exercise(str(exercise_id))
    except KitError as err:
        return Rendered([("bad", str(err))])
    if exercise.graded and bank.released:
        message = f"{exercise.id} is a graded item: its explanation comes with your feedback after grading."
        return Rendered([("line", message)])
    if exercise.id not in answer_sheet().load()["answers"]:
        return Rendered([("line", f"Try {exercise.id} first; then the explanation opens.")])
    result = Rendered([("title", f"{exercise.id}: why")])
    if exercise.answer is not None:
        if exercise.type in ("matching", "classify"):
            shown = "; ".join(f"{item} → {key}" for item, key in zip(exercise.items, exercise.answer, strict=True))
        elif isinstance(exercise.answer, list):
            shown = "; ".join(exercise.answer)
        else:
            shown = str(exercise.answer)
        result.add("line", f"Answer: {shown}{' ' + exercise.unit if exercise.unit else ''}")
    return result.add("line", exercise.explanation)


def progress() -> Rendered:
    """What you have answered, per notebook, with points where the kit can tell."""
    bank = load_bank()
    answers = answer_sheet().load()["answers"]
    result = Rendered([("title", f"Progress of {answer_sheet().load().get('student', '?')}")])
    for notebook, exercises in bank.by_notebook().items():
        done = [e for e in exercises if e.id in answers]
        scored = [check_answer(e, answers[e.id]["value"]) for e in done if e.has_key and e.type != "free"]
        points = sum(o.points for o in scored)
        possible = sum(o.max_points for o in scored)
        line = f"{notebook}: {len(done)} of {len(exercises)} answered"
        if possible:
            line += f"; {points:g} of {possible:g} points on the items with instant feedback"
        result.add("item", line)
        missing = [e.id for e in exercises if e.id not in answers]
        if missing:
            result.add("note", "still to do: " + ", ".join(missing))
    return result


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

"""The student's side of an exercise: ``check``, ``explain``, ``progress``, and the self-study mode.

Answers are keyed by exercise id, not by cell, so cells may be moved, copied or
deleted. Every check is recorded in the answer sheet (:mod:`kit.exercises.answers`).
None of these functions raises on a damaged sheet: a malformed entry is reported
and left in the file, and the other answers still count.

Self-study mode (``KIT_MODE=self-study``, or ``kit.self_study()``, kept in the
sheet) is for learners with no instructor: graded items give the feedback practice
items give, free-text items show the bank's model answer after a try, and nothing
says "graded" or "for your instructor".

>>> import tempfile, pathlib
>>> _ = use_answer_sheet(pathlib.Path(tempfile.mkdtemp()) / "sheet.json")
>>> check("actors-7", 3).status
'correct'
>>> check("no-such-id", 1).status
'form'
"""

from __future__ import annotations

import os

from kit.core.errors import KitError
from kit.core.render import Rendered
from kit.exercises import types
from kit.exercises.answers import answer_sheet, use_answer_sheet
from kit.exercises.bank import Bank, Exercise, load_bank
from kit.exercises.checking import Outcome, check_answer

__all__ = ["check", "explain", "is_self_study", "progress", "self_study", "use_answer_sheet"]

MODE_VARIABLE = "KIT_MODE"
SELF_STUDY = "self-study"


def is_self_study() -> bool:
    """True in self-study mode: ``$KIT_MODE`` decides when set (``self-study`` or ``class``), else the sheet."""
    mode = os.environ.get(MODE_VARIABLE, "").strip().lower()
    if mode:
        return mode in (SELF_STUDY, "self_study", "selfstudy", "solo")
    try:
        return answer_sheet().settings().get("self_study") is True
    except OSError:
        return False


def self_study(on: bool = True) -> Rendered:
    """Turn self-study mode on (or off with ``on=False``); the choice is kept in your answer sheet.

    ``kit.self_study()``
    """
    try:
        answer_sheet().set_setting("self_study", bool(on))
    except OSError as err:
        return Rendered(
            [("bad", f"Could not save the setting ({err.strerror}). Check that the answers folder is writable.")]
        )
    result = Rendered()
    if os.environ.get(MODE_VARIABLE) and is_self_study() != bool(on):
        result.add("note", f"${MODE_VARIABLE} is set to {os.environ[MODE_VARIABLE]!r}: it wins over this setting.")
    if on:
        result.add(
            "good",
            "Self-study mode is on: every item the kit can check gives feedback, and written answers "
            "show a model answer after you try.",
        )
        unchecked = _unchecked(load_bank())
        if unchecked:
            result.add(
                "note",
                "This copy holds no key for these items, so they cannot be checked here: " + ", ".join(unchecked) + ".",
            )
    else:
        result.add("line", "Self-study mode is off: graded items are recorded for your instructor.")
    return result


def _unchecked(bank: Bank) -> list[str]:
    """Items this copy cannot score because their key was withheld (a classroom release)."""
    return [e.id for e in bank.values() if not e.has_key]


def check(exercise_id: str, answer) -> Outcome:
    """Check an answer, show feedback, and record it in the answer sheet. Never raises.

    ``kit.check("geo-4", "3 July 1962")``
    """
    return check_and_record(exercise_id, answer, from_widget=False)


def check_and_record(exercise_id: str, answer, from_widget: bool) -> Outcome:
    """:func:`check`, with messages worded for where the answer came from (a widget names buttons, not code)."""
    try:
        exercise = load_bank().get_exercise(str(exercise_id))
    except KitError as err:
        return Outcome(str(exercise_id), "form", 0, 0, [str(err)])
    solo = is_self_study()
    outcome = check_answer(exercise, answer, practice=solo or not exercise.graded)
    outcome.self_study = solo
    if outcome.status in ("wrong", "partial") and (solo or not exercise.graded):
        how = "press Show explanation" if from_widget else f"open the worked explanation: kit.explain({exercise.id!r})"
        outcome.messages.append(f"Try again, or {how}.")
    if solo and outcome.status == "manual":
        outcome.messages = _model_answer_messages(exercise, from_widget)
    if solo and outcome.status == "recorded":
        outcome.messages = [
            f"This copy of the kit holds no key for {exercise.id} (a classroom copy keeps it for the instructor), "
            "so it cannot check it. Your answer is saved."
        ]
    if outcome.status != "form":
        _record(exercise, outcome)
    return outcome


def _model_answer_messages(exercise: Exercise, from_widget: bool) -> list[str]:
    criteria = f"Check your answer against these criteria: {'; '.join(exercise.rubric)}."
    if exercise.model_answer:
        return [criteria, f"A model answer: {exercise.model_answer}"]
    if exercise.explanation:
        how = "press Show explanation" if from_widget else f"kit.explain({exercise.id!r})"
        return [criteria, f"There is no model answer for this item; for the reasoning, {how}."]
    return [criteria]


def _record(exercise: Exercise, outcome: Outcome) -> None:
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


def saved_answer(exercise_id: str) -> dict | None:
    """The saved entry of one exercise (value, attempts, time), or None if there is none or it is damaged."""
    try:
        entries, _ = answer_sheet().entries()
    except OSError:
        return None
    return entries.get(exercise_id)


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
        if is_self_study():
            message = (
                f"This copy of the kit holds no explanation for {exercise.id}: "
                "a classroom copy keeps it for the instructor."
            )
        else:
            message = f"{exercise.id} is a graded item: its explanation comes with your feedback after grading."
        return Rendered([("line", message)])
    try:
        tried = exercise.id in answer_sheet().load()["answers"]
    except OSError:
        tried = False
    if not tried:
        return Rendered([("line", f"Try {exercise.id} first; then the explanation opens.")])
    result = Rendered([("title", f"{exercise.id}: why")])
    key = types.describe_key(exercise)
    if key:
        result.add("line", ("A model answer: " if types.controller(exercise).manual else "Answer: ") + key)
    if exercise.explanation:
        result.add("line", exercise.explanation)
    return result


def progress() -> Rendered:
    """What you have answered, per notebook, with points where the kit can tell. Never raises on a damaged sheet."""
    bank = load_bank()
    solo = is_self_study()
    try:
        data = answer_sheet().load()
        answers, problems = answer_sheet().entries()
    except OSError as err:
        return Rendered([("bad", f"Your answer sheet could not be read ({err.strerror}).")])
    student = data.get("student")
    title = f"Progress of {student if isinstance(student, str) and student else '?'}"
    result = Rendered([("title", title + (" (self-study)" if solo else ""))])
    for notebook, exercises in bank.by_notebook().items():
        done = [e for e in exercises if e.id in answers]
        scored = [check_answer(e, answers[e.id]["value"]) for e in done if e.auto_scored]
        points = sum(o.points for o in scored)
        possible = sum(e.points for e in exercises if e.auto_scored) if solo else sum(o.max_points for o in scored)
        line = f"{notebook}: {len(done)} of {len(exercises)} answered"
        if possible:
            line += f"; {points:g} of {possible:g} points" + ("" if solo else " on the items with instant feedback")
        result.add("item", line)
        missing = [e.id for e in exercises if e.id not in answers]
        if missing:
            result.add("note", "still to do: " + ", ".join(missing))
    if solo:
        free = [e.id for e in bank.values() if types.controller(e).manual]
        if free:
            result.add(
                "note",
                "written answers are not scored: compare yours with the model answer (kit.explain) on "
                + ", ".join(free),
            )
        unchecked = _unchecked(bank)
        if unchecked:
            result.add(
                "note", "this copy holds no key for these items, so it cannot check them: " + ", ".join(unchecked)
            )
    for problem in problems:
        result.add("bad", "A saved answer could not be read: " + problem + " Check that exercise again to replace it.")
    return result

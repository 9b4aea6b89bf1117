"""The student's side of an exercise: ``check``, ``explain``, ``progress``.

Answers are keyed by exercise id, not by cell, so cells may be moved, copied or
deleted. Every check is recorded in the answer sheet (:mod:`kit.exercises.answers`).

>>> import tempfile, pathlib
>>> _ = use_answer_sheet(pathlib.Path(tempfile.mkdtemp()) / "sheet.json")
>>> check("actors-7", 3).status
'correct'
>>> check("no-such-id", 1).status
'form'
"""

from __future__ import annotations

from kit.core.errors import KitError
from kit.core.render import Rendered
from kit.exercises.answers import answer_sheet, use_answer_sheet
from kit.exercises.bank import load_bank
from kit.exercises.checking import Outcome, check_answer

__all__ = ["check", "explain", "progress", "use_answer_sheet"]


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

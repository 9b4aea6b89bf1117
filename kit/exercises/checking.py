"""Check one answer against one exercise: read its form, score it, and explain.

Answers are data: they are parsed, never executed. A malformed answer never
raises; it gets an :class:`Outcome` with status ``"form"`` that says what form
is expected. The key of a graded item never appears in a message.

>>> from kit.exercises.bank import load_bank
>>> bank = load_bank()
>>> check_answer(bank["actors-7"], "3").status
'correct'
>>> check_answer(bank["actors-7"], "three").status
'form'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kit.core.render import Rendered, RendersItself
from kit.exercises import types
from kit.exercises.bank import Exercise
from kit.exercises.types import MAX_TEXT, FormError, expected_form, normalise_text

__all__ = ["MAX_TEXT", "FormError", "Outcome", "check_answer", "expected_form", "normalise_text", "parse_answer"]


@dataclass
class Outcome(RendersItself):
    """The result of checking one answer.

    ``status``: correct, partial, wrong, form (unreadable answer), recorded (graded item, key withheld),
    manual (free text awaiting the instructor), graded by hand, or missing (no answer).
    ``self_study``: worded for a learner with no instructor.
    """

    exercise_id: str
    status: str
    points: float
    max_points: float
    messages: list[str] = field(default_factory=list)
    value: object = None
    self_study: bool = False

    def rendered(self) -> Rendered:
        labels = _SELF_STUDY_LABELS if self.self_study else _LABELS
        style, label = labels.get(self.status) or _LABELS[self.status]
        heading = f"{self.exercise_id}: {label}"
        if self.status in ("correct", "partial", "wrong", "graded by hand"):
            heading += f" ({_fmt(self.points)}/{_fmt(self.max_points)} points)"
        result = Rendered([(style, heading)])
        for message in self.messages:
            result.add("line", message)
        return result


_LABELS = {
    "correct": ("good", "Correct"),
    "partial": ("partial", "Partly right"),
    "wrong": ("bad", "Not yet"),
    "form": ("bad", "Answer not in the expected form"),
    "recorded": ("line", "Answer recorded"),
    "manual": ("line", "Answer recorded for your instructor"),
    "missing": ("line", "No answer"),
    "graded by hand": ("line", "Graded by your instructor"),
}
_SELF_STUDY_LABELS = {"recorded": ("line", "Answer saved (not checked)"), "manual": ("line", "Answer saved")}


def _fmt(number: float) -> str:
    return f"{number:g}"


def parse_answer(exercise: Exercise, value) -> object:
    """Turn a student's answer into its canonical, JSON-ready form, or raise :class:`FormError`."""
    return types.parse(exercise, value)


def check_answer(exercise: Exercise, value, practice: bool | None = None) -> Outcome:
    """Score one answer. Never raises for a bad answer.

    ``practice`` (default: the item is not graded) gives the feedback practice items give: the direction of a
    wrong number, where misplaced items belong.
    """
    try:
        canonical = parse_answer(exercise, value)
    except FormError as err:
        return Outcome(exercise.id, "form", 0, exercise.points, [str(err), f"Expected: {expected_form(exercise)}."])
    except Exception as err:  # an odd value (huge, recursive...) must not become a traceback
        return Outcome(
            exercise.id, "form", 0, exercise.points,
            [f"This answer could not be read ({type(err).__name__}).", f"Expected: {expected_form(exercise)}."],
        )  # fmt: skip
    if types.controller(exercise).manual:
        _, messages = types.score(exercise, canonical, practice)
        return Outcome(exercise.id, "manual", 0, exercise.points, messages, canonical)
    if exercise.answer is None:
        return Outcome(
            exercise.id, "recorded", 0, exercise.points,
            ["This is a graded item: your instructor will grade it. You may change your answer until you submit."],
            canonical,
        )  # fmt: skip
    fraction, messages = types.score(exercise, canonical, practice)
    status = "correct" if fraction == 1 else "wrong" if fraction == 0 else "partial"
    if status != "correct" and exercise.hints:
        messages.append(f"Hint: {exercise.hints[0]}")
    return Outcome(exercise.id, status, round(fraction * exercise.points, 2), exercise.points, messages, canonical)

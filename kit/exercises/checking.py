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

import re
import unicodedata
from dataclasses import dataclass, field

from kit.core.render import Rendered, RendersItself
from kit.exercises.bank import Exercise

_NUMBER = re.compile(r"^\s*([-+]?\d[\d,\s]*(?:\.\d+)?)\s*([^\d\s].*)?$")
MAX_TEXT = 20_000


class FormError(ValueError):
    """The answer's form is wrong; the message says what form is expected."""


@dataclass
class Outcome(RendersItself):
    """The result of checking one answer.

    ``status``: correct, partial, wrong, form (unreadable answer), recorded (graded item, key withheld),
    manual (free text awaiting the instructor), graded by hand, or missing (no answer).
    """

    exercise_id: str
    status: str
    points: float
    max_points: float
    messages: list[str] = field(default_factory=list)
    value: object = None

    def rendered(self) -> Rendered:
        label = {
            "correct": ("good", "Correct"),
            "partial": ("partial", "Partly right"),
            "wrong": ("bad", "Not yet"),
            "form": ("bad", "Answer not in the expected form"),
            "recorded": ("line", "Answer recorded"),
            "manual": ("line", "Answer recorded for your instructor"),
            "missing": ("line", "No answer"),
            "graded by hand": ("line", "Graded by your instructor"),
        }[self.status]
        heading = f"{self.exercise_id}: {label[1]}"
        if self.status in ("correct", "partial", "wrong", "graded by hand"):
            heading += f" ({_fmt(self.points)}/{_fmt(self.max_points)} points)"
        result = Rendered([(label[0], heading)])
        for message in self.messages:
            result.add("line", message)
        return result


def _fmt(number: float) -> str:
    return f"{number:g}"


def normalise_text(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces, no leading article.

    >>> normalise_text("  The Tropic-of-Cancer! ")
    'tropic of cancer'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[\W_]+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


def expected_form(exercise: Exercise) -> str:
    """A sentence telling the student what form of answer the exercise takes."""
    kind = exercise.type
    if kind == "single":
        return "one of the options, as text, e.g. " + repr(exercise.options[0])
    if kind == "multiple":
        return "a list of the options you choose, e.g. " + repr(exercise.options[:2])
    if kind == "numeric":
        return "a number" + (
            f", in {exercise.unit} (e.g. '1200 {exercise.unit}' or 1200)" if exercise.unit else ", e.g. 12"
        )
    if kind == "text":
        return "a short text, e.g. 'NATO'"
    if kind in ("matching", "classify"):
        return f"a dict from each item to one of {exercise.choices!r}, or a list of choices in the order of the items"
    if kind == "ordering":
        return "a list of all the items, each once, in order"
    return "a text (your written answer)"


def parse_answer(exercise: Exercise, value) -> object:
    """Turn a student's answer into its canonical, JSON-ready form, or raise :class:`FormError`."""
    kind = exercise.type
    if kind == "single":
        return _match_option(exercise.options, value)
    if kind == "multiple":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple | set) or not all(isinstance(v, str) for v in values):
            raise FormError(f"Give {expected_form(exercise)}.")
        chosen = [_match_option(exercise.options, v) for v in values]
        return [o for o in exercise.options if o in chosen]
    if kind == "numeric":
        return _parse_number(exercise, value)
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise FormError(f"Give {expected_form(exercise)}.")
        return value.strip()[:MAX_TEXT]
    if kind in ("matching", "classify"):
        return _parse_assignment(exercise, value)
    if kind == "ordering":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise FormError(f"Give {expected_form(exercise)}.")
        if any(v in ("", "(choose)") for v in value):
            raise FormError("Fill every position with an item before checking.")
        ordered = [_match_option(exercise.items, v) for v in value]
        if sorted(ordered) != sorted(exercise.items):
            raise FormError("Put every item in the list exactly once.")
        return ordered
    if not isinstance(value, str) or not value.strip():
        raise FormError("Write your answer as text (between quotation marks in code).")
    return value.strip()[:MAX_TEXT]


def _match_option(options: list[str], value) -> str:
    if not isinstance(value, str):
        raise FormError(f"Give the text of an option, e.g. {options[0]!r}; got {type(value).__name__} {value!r}.")
    wanted = normalise_text(value)
    for option in options:
        if normalise_text(option) == wanted:
            return option
    shown = "; ".join(repr(o) for o in options)
    raise FormError(f"{value!r} is not one of the options. Choose from: {shown}.")


def _parse_number(exercise: Exercise, value) -> float:
    if isinstance(value, bool):
        raise FormError(f"Give {expected_form(exercise)}, not True or False.")
    if isinstance(value, int | float):
        return value
    if not isinstance(value, str):
        raise FormError(f"Give {expected_form(exercise)}.")
    match = _NUMBER.match(value.strip())
    if not match:
        raise FormError(f"{value!r} is not a number. Give {expected_form(exercise)}.")
    number_text, unit = match.group(1), (match.group(2) or "").strip()
    if unit and normalise_text(unit) != normalise_text(exercise.unit or unit):
        raise FormError(f"Give the answer in {exercise.unit or 'plain numbers'}, not in {unit!r}.")
    number = float(re.sub(r"[,\s]", "", number_text))
    return int(number) if number.is_integer() else number


def _parse_assignment(exercise: Exercise, value) -> list[str]:
    if isinstance(value, list | tuple):
        if len(value) != len(exercise.items):
            raise FormError(f"Give one choice for each of the {len(exercise.items)} items, in order.")
        pairs = list(zip(exercise.items, value, strict=True))
    elif isinstance(value, dict):
        lookup = {normalise_text(k): v for k, v in value.items() if isinstance(k, str)}
        missing = [item for item in exercise.items if normalise_text(item) not in lookup]
        if missing:
            raise FormError(f"Give a choice for every item; missing: {'; '.join(repr(m) for m in missing)}.")
        pairs = [(item, lookup[normalise_text(item)]) for item in exercise.items]
    else:
        raise FormError(f"Give {expected_form(exercise)}.")
    open_items = [item for item, choice in pairs if choice in (None, "", "(choose)")]
    if open_items:
        raise FormError(f"Choose an answer for every item; still open: {'; '.join(repr(i) for i in open_items)}.")
    return [_match_option(exercise.choices, choice) for _, choice in pairs]


def check_answer(exercise: Exercise, value) -> Outcome:
    """Score one answer. Never raises for a bad answer."""
    try:
        canonical = parse_answer(exercise, value)
    except FormError as err:
        return Outcome(exercise.id, "form", 0, exercise.points, [str(err), f"Expected: {expected_form(exercise)}."])
    except Exception as err:  # an odd value (huge, recursive...) must not become a traceback
        return Outcome(
            exercise.id, "form", 0, exercise.points, [f"This answer could not be read ({type(err).__name__})."]
        )
    if exercise.type == "free":
        rubric = "; ".join(exercise.rubric)
        return Outcome(
            exercise.id, "manual", 0, exercise.points, [f"Graded by your instructor against: {rubric}."], canonical
        )
    if not exercise.has_key:
        return Outcome(
            exercise.id, "recorded", 0, exercise.points,
            ["This is a graded item: your instructor will grade it. You may change your answer until you submit."],
            canonical,
        )  # fmt: skip
    fraction, messages = _score(exercise, canonical)
    status = "correct" if fraction == 1 else "wrong" if fraction == 0 else "partial"
    if status != "correct" and exercise.hints:
        messages.append(f"Hint: {exercise.hints[0]}")
    return Outcome(exercise.id, status, round(fraction * exercise.points, 2), exercise.points, messages, canonical)


def _score(exercise: Exercise, value) -> tuple[float, list[str]]:
    kind, key, feedback = exercise.type, exercise.answer, exercise.feedback
    if kind == "single":
        if value == key:
            return 1.0, ["Well done."]
        return 0.0, [feedback.get(value, "Not this one: re-read the passage and the options.")]
    if kind == "multiple":
        right, wrong = set(value) & set(key), set(value) - set(key)
        messages = [feedback.get(w, f"{w!r} does not belong.") for w in sorted(wrong, key=exercise.options.index)]
        missed = len(set(key) - set(value))
        if missed:
            messages.append(f"You missed {missed} option(s) that belong.")
        return max(0.0, (len(right) - len(wrong)) / len(key)), messages or ["Well done."]
    if kind == "numeric":
        if abs(value - key) <= exercise.tolerance:
            return 1.0, ["Well done."]
        message = feedback.get(str(value), "Not quite: check how you counted or read the table.")
        if not exercise.graded:
            message += " Your answer is too " + ("high." if value > key else "low.")
        return 0.0, [message]
    if kind == "text":
        accepted = {normalise_text(a) for a in [key, *exercise.accept]}
        if normalise_text(value) in accepted:
            return 1.0, ["Well done."]
        return 0.0, [
            feedback.get(normalise_text(value), "Not the answer the sources support: check the passage again.")
        ]
    if kind in ("matching", "classify"):
        wrong_items = [item for item, got, want in zip(exercise.items, value, key, strict=True) if got != want]
        messages = [feedback.get(item, f"Look again at: {item}") for item in wrong_items]
        return (len(key) - len(wrong_items)) / len(key), messages or ["Well done."]
    placed = sum(got == want for got, want in zip(value, key, strict=True))
    messages = [] if placed == len(key) else [f"{placed} of {len(key)} items are in the right place."]
    return placed / len(key), messages or ["Well done."]

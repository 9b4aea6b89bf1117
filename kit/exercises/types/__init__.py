"""The registry of exercise types: one module per type, each one controller; everything dispatches here.

The bank validates records, the checker parses and scores, the widget builds its
inputs, ``explain`` describes keys and the release scans for key texts, all
through these functions. Adding a type is one new module in this package that
defines ``TYPE`` (an :class:`ExerciseType`), its name in :data:`MODULES`, and its
tests (see ``exercises/README.md``).

>>> TYPES
('single', 'multiple', 'numeric', 'text', 'matching', 'ordering', 'classify', 'free')
>>> from kit.exercises.bank import Exercise
>>> e = Exercise("t-1", "t", "numeric", "How far?", answer=9448, tolerance=95, unit="km")
>>> parse(e, "9,450 km")
9450
>>> score(e, 9450)
(1.0, ['Well done.'])
>>> describe_key(e)
'9,448 km'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from kit.exercises.types.base import (
    MAX_LIST,
    MAX_SHORT,
    MAX_TEXT,
    AnswerInputs,
    ExerciseType,
    FormError,
    label_of,
    normalise_text,
)

if TYPE_CHECKING:
    from kit.exercises.bank import Exercise

__all__ = [
    "MAX_LIST", "MAX_SHORT", "MAX_TEXT", "TYPES", "AnswerInputs", "ExerciseType", "FormError",
    "controller", "describe_key", "expected_form", "key_needles", "label_of", "normalise_text", "parse",
    "register", "score", "validate", "widget", "wrong_parts",
]  # fmt: skip

# The kit's types, in the order the README lists them; each is kit/exercises/types/<name>.py.
MODULES = ("single", "multiple", "numeric", "text", "matching", "ordering", "classify", "free")
REGISTRY: dict[str, ExerciseType] = {}


def register(kind: ExerciseType) -> ExerciseType:
    """Add a type to the registry (a module's ``TYPE`` is registered on import)."""
    if not kind.name:
        raise ValueError("an exercise type needs a name")
    REGISTRY[kind.name] = kind
    return kind


for _name in MODULES:
    register(importlib.import_module(f"kit.exercises.types.{_name}").TYPE)
TYPES = tuple(REGISTRY)


def controller(kind: str | Exercise) -> ExerciseType:
    """The controller of a type, given its name or an exercise."""
    name = kind if isinstance(kind, str) else kind.type
    return REGISTRY[name]


def validate(exercise: Exercise, fail) -> None:
    """Check a bank record with its type's rules; ``fail(field, expected, found)`` builds the error raised."""
    controller(exercise).validate(exercise, fail)


def expected_form(exercise: Exercise) -> str:
    """A sentence for the student: what form of answer the exercise takes."""
    return controller(exercise).expected_form(exercise)


def parse(exercise: Exercise, value: object) -> object:
    """The answer in canonical, JSON-ready form, or :class:`FormError` (bounded; linear in the answer's size)."""
    return controller(exercise).parse(exercise, value)


def score(exercise: Exercise, value: object, practice: bool | None = None) -> tuple[float, list[str]]:
    """(share of the points, messages) for a canonical answer; ``practice`` defaults to ``not exercise.graded``."""
    practice = (not exercise.graded) if practice is None else practice
    return controller(exercise).score(exercise, value, practice)


def describe_key(exercise: Exercise) -> str:
    """The key as a reader sees it, with display labels ('' when withheld)."""
    return controller(exercise).describe_key(exercise)


def wrong_parts(exercise: Exercise, value: object) -> list[str]:
    """The wrong parts of a canonical answer, keyed as the bank's feedback and misconception tables are.

    >>> from kit.exercises.bank import Exercise
    >>> e = Exercise("t-1", "t", "classify", "?", items=["Ceuta", "Nuuk"], choices=["in", "out"], answer=["out", "in"])
    >>> wrong_parts(e, ["in", "in"])
    ['Ceuta → in']
    """
    try:
        return controller(exercise).wrong_parts(exercise, value)
    except (TypeError, ValueError):  # not a canonical answer of this exercise (a stale sheet): nothing to name
        return []


def key_needles(exercise: Exercise) -> list[str]:
    """Every text a student release must not contain for a graded exercise ([] for practice).

    The explanation, the distractor feedback, the model answer and the type's own key texts.
    """
    if not exercise.graded:
        return []
    found = [exercise.explanation, exercise.model_answer, *exercise.feedback.values()]
    found += controller(exercise).key_texts(exercise)
    return list(dict.fromkeys(text for text in found if text))


def widget(exercise: Exercise) -> AnswerInputs:
    """The exercise's input controls, reader and restorer (imports ipywidgets now)."""
    return controller(exercise).widget(exercise)

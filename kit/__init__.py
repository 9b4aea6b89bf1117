"""A Jupyter teaching kit on alliance politics: NATO, Tokyo and the geography of a treaty (July 2023).

Start with the case data::

    import kit
    case = kit.load_case()
    case.actors                      # who is who, and their stances
    case.quotes("Macron")            # what they said, verbatim
    case.in_context("macron-geography-stubborn")

Exercises: ``kit.check("geo-4", answer)``, ``kit.ask("geo-4")``, ``kit.progress()``, ``kit.submit()``.

Figures and widgets import matplotlib and ipywidgets only when asked for.
"""

from __future__ import annotations

from .data import Case, load_case
from .errors import DataError, InputError, KitError, SubmissionError, UnknownNameError
from .render import show
from .student import check, explain, progress, set_student, submit

__version__ = "0.1.0"

__all__ = [
    "Case",
    "ask",
    "check",
    "explain",
    "progress",
    "set_student",
    "show",
    "submit",
    "DataError",
    "InputError",
    "KitError",
    "SubmissionError",
    "UnknownNameError",
    "load_case",
]


def ask(exercise_id: str):
    """An exercise as a widget with a Check button (imports ipywidgets only now)."""
    from .widgets import ask as build

    return build(exercise_id)

"""A Jupyter teaching kit on alliance politics: NATO, Tokyo and the geography of a treaty (July 2023).

Start with the case data::

    import kit
    case = kit.load_case()
    case.actors                      # who is who, and their stances
    case.quotes("Macron")            # what they said, verbatim
    case.in_context("macron-geography-stubborn")

Exercises: ``kit.check("geo-4", answer)``, ``kit.ask("geo-4")``, ``kit.progress()``, ``kit.submit()``;
``kit.self_study()`` for learners with no instructor.

Figures and widgets import matplotlib and ipywidgets only when asked for.
"""

from __future__ import annotations

import os as _os
import sys as _sys

# `python -m kit` puts the current folder first on the import path. Run inside a folder of collected
# submissions, a student's file named like a standard module (json.py) would be imported: take it off.
if "-mkit" in _sys.orig_argv or any(
    a == "-m" and b == "kit" for a, b in zip(_sys.orig_argv, _sys.orig_argv[1:], strict=False)
):
    _cwd = _os.getcwd()
    if _cwd != _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))):  # unless the kit itself is here
        _sys.path[:] = [p for p in _sys.path if _os.path.abspath(p or ".") != _cwd]

from kit.core.errors import DataError, InputError, KitError, SubmissionError, UnknownNameError  # noqa: E402

# The rest loads on first use (PEP 562), so that `python -m kit grade` does not import pandas to grade a class.
_LAZY = {
    "Case": "kit.case.data",
    "load_case": "kit.case.data",
    "set_student": "kit.classroom.submit",
    "submit": "kit.classroom.submit",
    "show": "kit.core.render",
    "check": "kit.exercises.session",
    "explain": "kit.exercises.session",
    "progress": "kit.exercises.session",
    "self_study": "kit.exercises.session",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kit' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "Case",
    "ask",
    "check",
    "explain",
    "progress",
    "self_study",
    "set_student",
    "show",
    "student_id_box",
    "submit",
    "DataError",
    "InputError",
    "KitError",
    "SubmissionError",
    "UnknownNameError",
    "load_case",
]


def student_id_box():
    """A labelled box for your student id (notebook 00); imports ipywidgets only now."""
    from kit.classroom.identity import id_box

    return id_box()


def ask(exercise_id: str):
    """An exercise as a widget with a Check button (imports ipywidgets only now)."""
    from kit.exercises.ask import ask as build

    return build(exercise_id)

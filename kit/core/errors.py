"""The kit's errors: one base class and a few subclasses, each with a readable message.

Every message says what was wrong, in the user's words, what was expected,
what was found, and what to do next.

>>> from kit.core.errors import KitError, DataError
>>> issubclass(DataError, KitError)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class KitError(Exception):
    """Base class of every error the kit raises on purpose."""


class DataError(KitError):
    """A case-data file is missing, unreadable or inconsistent.

    ``problems`` holds every :class:`~kit.case.validate.Problem` found, so that a
    caller can list them all; the message shows the first few.
    """

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class UnknownNameError(KitError, LookupError):
    """A name (actor, place, exercise, statement...) that the kit does not know."""


class InputError(KitError, ValueError):
    """A value given to a kit function that is not in the form it expects (a date, a latitude...)."""


class SubmissionError(KitError):
    """A submission file that cannot be graded (malformed, foreign, too large...)."""


def unknown_name(kind: str, given: object, known: Iterable[str], hint: str = "") -> UnknownNameError:
    """Build an :class:`UnknownNameError` that suggests the closest known names.

    >>> str(unknown_name("actor", "Macrom", ["macron", "kishida"]))
    "There is no actor called 'Macrom'. Did you mean 'macron'? Known actors: kishida, macron."
    """
    known = sorted(set(known))
    close = difflib.get_close_matches(str(given).lower(), [k.lower() for k in known], n=1, cutoff=0.6)
    message = f"There is no {kind} called {given!r}."
    if close:
        original = next(k for k in known if k.lower() == close[0])
        message += f" Did you mean {original!r}?"
    if len(known) <= 60:
        message += f" Known {kind}s: {', '.join(known)}."
    if hint:
        message += f" {hint}"
    return UnknownNameError(message)

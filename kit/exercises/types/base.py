"""What every exercise type shares: the controller interface, the form error, bounded text, matching by name.

A type is a controller (in the PrairieLearn sense): one object that knows how to
validate a bank record, say what form of answer it takes, parse a student's value
into a canonical JSON-ready form, score it, describe its key, build its widget
and say which texts the student release must not contain.

Every parser here runs in time linear in the answer's length and refuses an
answer above a stated size before matching anything.

>>> normalise_text("  The Tropic-of-Cancer! ")
'tropic of cancer'
>>> head_of("Vilnius, Lithuania"), head_of("Vilnius (Lithuania)")
('Vilnius', 'Vilnius')
"""

from __future__ import annotations

import csv
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the bank imports the registry, so the registry only names Exercise in annotations
    from kit.exercises.bank import Exercise

MAX_SHORT = 500  # characters in an option, a short text or a number as typed
MAX_TEXT = 20_000  # characters in a free-text answer (about 3,000 words)
MAX_LIST = 200  # entries in a list or dict answer
_SEPARATORS = re.compile(r"[\W_]+")


class FormError(ValueError):
    """The answer's form is wrong; the message says what form is expected and what to do."""


Fail = Callable[[str, str, object], Exception]  # fail(field, expected, found) builds the bank's error


@dataclass
class AnswerInputs:
    """A type's widget: its controls (by name, in display order), how to read them and how to fill them in.

    ``read()`` returns the answer in a form :func:`parse` accepts; ``restore(value)``
    fills the controls from a saved canonical answer. ``children`` lays them out
    (default: the controls themselves).
    """

    controls: dict
    read: Callable[[], object]
    restore: Callable[[object], None]
    children: list | None = None

    def layout(self) -> list:
        return list(self.children if self.children is not None else self.controls.values())


class ExerciseType:
    """The controller of one exercise type. Subclasses override what differs; see ``exercises/README.md``."""

    name = ""
    manual = False  # scored by the instructor (free text), not by the kit

    def validate(self, exercise: Exercise, fail: Fail) -> None:
        """Raise ``fail(field, expected, found)`` for a record this type cannot use (the key may be None)."""

    def expected_form(self, exercise: Exercise) -> str:
        """A sentence for the student: what form of answer this exercise takes."""
        raise NotImplementedError

    def parse(self, exercise: Exercise, value: object) -> object:
        """The student's value in canonical, JSON-ready form; raise :class:`FormError` otherwise."""
        raise NotImplementedError

    def score(self, exercise: Exercise, value: object, practice: bool) -> tuple[float, list[str]]:
        """The share of the points earned by a canonical answer, and diagnostic messages.

        ``practice``: the learner may be told more (direction, positions), as on practice items.
        """
        raise NotImplementedError

    def describe_key(self, exercise: Exercise) -> str:
        """The key as a reader sees it (for explanations and feedback pages); '' when withheld."""
        if exercise.answer is None:
            return ""
        if isinstance(exercise.answer, list):
            return "; ".join(labels_of(exercise, exercise.answer))
        return str(exercise.answer)

    def wrong_parts(self, exercise: Exercise, value: object) -> list[str]:
        """The wrong parts of a canonical answer, named as the bank's feedback and misconception tables name them
        (a wrong option, "item → wrong choice", a normalised text, a number). [] when right or not comparable."""
        return []

    def key_texts(self, exercise: Exercise) -> list[str]:
        """Texts that give this type's key away, as the release could contain them (JSON forms included)."""
        if exercise.answer is None:
            return []
        found = [json.dumps({"answer": exercise.answer}, ensure_ascii=False)[1:-1]]
        if isinstance(exercise.answer, list):  # a key list in order; a lone option or number is taught anyway
            found.append(json.dumps(exercise.answer, ensure_ascii=False))
        return found

    def widget(self, exercise: Exercise) -> AnswerInputs:
        """The labelled input controls of this type (imports ipywidgets only when called)."""
        raise NotImplementedError


# -- text ------------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces, no leading article; linear in the text's length.

    >>> normalise_text("Ĉeuta — the “Tropic”!")
    'ceuta the tropic'
    """
    text = unicodedata.normalize("NFKD", str.__str__(text) if isinstance(text, str) else str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    # One character class repeated once: each character is looked at once (no backtracking).
    words = _SEPARATORS.sub(" ", text).split()
    # Every leading article goes (not just one), so normalising twice changes nothing: "a a 0" and "a 0" agree.
    start = 0
    while start < len(words) - 1 and words[start] in ("the", "a", "an"):
        start += 1
    return " ".join(words[start:])


def head_of(text: str) -> str:
    """The part of a text before its first comma or opening parenthesis ("Vilnius, Lithuania" → "Vilnius")."""
    cut = min((i for i in (text.find(","), text.find("(")) if i >= 0), default=len(text))
    return text[:cut].strip()


def bounded_text(value: object, limit: int, what: str) -> str:
    """A plain, stripped, non-empty str of at most ``limit`` characters, or a :class:`FormError` that says why."""
    if not isinstance(value, str):
        raise FormError(f"Write {what} as text (between quotation marks in code); got {type(value).__name__}.")
    text = str.__str__(value).strip()
    if not text:
        raise FormError(f"The answer is empty: write {what}.")
    if len(text) > limit:
        raise FormError(
            f"The answer is {len(text):,} characters long; {what} may have at most {limit:,}. "
            "Shorten it and check again."
        )
    return text


def bounded_list(value: object, what: str, limit: int = MAX_LIST) -> list:
    """A list from a list or tuple of at most ``limit`` entries, or a :class:`FormError`."""
    if not isinstance(value, list | tuple):
        raise FormError(f"Give {what}.")
    if len(value) > limit:
        raise FormError(f"The answer has {len(value):,} entries; at most {limit} are read. Give {what}.")
    return list(value)


# -- options and labels -----------------------------------------------------------------------------


def label_of(exercise: Exercise, item: str) -> str:
    """How an item, option or choice is shown: its name in the case when the bank gives a case id (a slug).

    >>> from kit.exercises.bank import load_bank
    >>> label_of(load_bank()["geo-1"], "canary-islands")
    'Las Palmas (Canary Islands)'
    """
    if not (item.isascii() and item.islower() and " " not in item):  # not an id: no need to load the case
        return item
    return _case_names().get(item, item)


def labels_of(exercise: Exercise, items: list) -> list[str]:
    return [label_of(exercise, str(item)) for item in items]


def is_slug(text: str) -> bool:
    """True for ids such as ``canary-islands``: lower-case ASCII words joined by hyphens.

    >>> is_slug("canary-islands"), is_slug("Canary Islands"), is_slug("not covered")
    (True, False, False)
    """
    parts = text.split("-")
    return len(parts) > 1 and all(p and p.isascii() and p.isalnum() and p == p.lower() for p in parts)


_NAMES: dict[str, str] | None = None


def _case_names() -> dict[str, str]:
    """Place and actor names by id, read from the case's two small CSV files (the bank names places by their
    gazetteer id). A plain CSV read of two columns, not ``load_case()``: grading a class must not pay for pandas."""
    global _NAMES
    if _NAMES is None:
        from kit.case.schema import TABLES  # no pandas
        from kit.core.paths import SEEDS

        folder = Path(os.environ.get("KIT_CASE_DIR") or SEEDS)  # the folder load_case() reads
        names: dict[str, str] = {}
        for table in ("actors", "places"):  # a place's name wins over an actor's, as before
            try:
                with open(folder / TABLES[table].file, encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        key, name = (row.get("id") or "").strip(), (row.get("name") or "").strip()
                        if key and name:
                            names[key] = name
            except (OSError, UnicodeDecodeError, csv.Error):  # no case data (a bare bank in a test): ids as they are
                continue
        _NAMES = names
    return _NAMES


def match_name(names: list[str], value: object, exercise: Exercise, what: str = "options") -> str:
    """The one of ``names`` the value names (by text or shown label, normalised), or a :class:`FormError`."""
    if not isinstance(value, str):
        raise FormError(
            f"Give the text of one of the {what}, e.g. {label_of(exercise, names[0])!r}; got {_kind(value)}."
        )
    text = str.__str__(value)
    if len(text) > MAX_SHORT:
        raise FormError(
            f"An answer of {len(text):,} characters is not one of the {what}. Choose from: {_shown(exercise, names)}."
        )
    wanted = normalise_text(text)
    # The names are normalised once per exercise, not once per answer (grading a class checks thousands);
    # their shown labels (which need the case) only when the text is not a name itself.
    found = _normalised(exercise, names, labels=False).get(wanted)
    found = found or _normalised(exercise, names, labels=True).get(wanted)
    if found is not None:
        return found
    raise FormError(f"{_clip(text)!r} is not one of the {what}. Choose from: {_shown(exercise, names)}.")


_NORMALISED: dict[tuple, dict[str, str]] = {}


def _normalised(exercise: Exercise, names: list[str], labels: bool) -> dict[str, str]:
    key = (exercise.id, tuple(names), labels)
    table = _NORMALISED.get(key)
    if table is None:
        table = {}
        for name in names:
            table.setdefault(normalise_text(label_of(exercise, name) if labels else name), name)
        _NORMALISED[key] = table
    return table


def _shown(exercise: Exercise, names: list[str]) -> str:
    return "; ".join(repr(label_of(exercise, n)) for n in names)


def _kind(value: object) -> str:
    """How a value that is not text is named back to the student: its type, and its repr when that is short."""
    try:  # a huge int has no repr (Python limits its digits); a custom object may refuse to give one
        shown = repr(value) if isinstance(value, int | float | type(None)) else "…"
    except Exception:
        shown = "…"
    return f"{type(value).__name__} {_clip(shown)}"


def _clip(text: str, size: int = 60) -> str:
    """A student's own text, shortened for a message that quotes it back (never a label)."""
    return text if len(text) <= size else text[: size - 1] + "…"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd...

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '22nd']
    """
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

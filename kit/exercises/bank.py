"""The exercise bank: one TOML file per notebook in ``exercises/`` (instructor copy), or ``bank.json`` (release).

The format is documented in ``exercises/README.md``. A released bank keeps
practice items whole but holds no key, accepted variant, distractor feedback or
explanation for graded items.

>>> bank = load_bank()
>>> bank["geo-1"].type, bank["geo-1"].graded
('classify', True)
>>> len(bank) >= 30
True
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kit.core.errors import DataError, unknown_name
from kit.core.paths import EXERCISES
from kit.exercises import types
from kit.exercises.types import TYPES

DEFAULT_FOLDER = EXERCISES
__all__ = ["LEVELS", "TYPES", "Bank", "Exercise", "load_bank"]
# Bloom's revised taxonomy, lowest to highest; every item says which it asks for.
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
RELEASED_BANK = "bank.json"


@dataclass
class Exercise:
    """One exercise. ``answer`` is None when the key is withheld (graded items in a student release)."""

    id: str
    notebook: str
    type: str
    prompt: str
    points: float = 1
    graded: bool = True
    options: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    answer: object = None
    accept: list[str] = field(default_factory=list)
    tolerance: float = 0
    unit: str = ""
    rubric: list[str] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)
    explanation: str = ""
    derived_from: str = ""
    level: str = ""
    model_answer: str = ""
    # Optional: for a wrong option (single, multiple), item (matching, classify), normalised text or number, the
    # name of the misconception it reveals, as the instructor's guide names it; the class summary counts them.
    misconception: dict[str, str] = field(default_factory=dict)

    @property
    def has_key(self) -> bool:
        """True when the kit can score this item here (or, for free text, hand it to the instructor)."""
        return types.controller(self).manual or self.answer is not None

    @property
    def manual(self) -> bool:
        """True for types the instructor scores by hand (free text): the kit records them, never scores them."""
        return types.controller(self).manual

    @property
    def auto_scored(self) -> bool:
        """True when the kit itself scores this item (a key is present and the type is not marked by hand)."""
        return not types.controller(self).manual and self.answer is not None

    def without_key(self) -> Exercise:
        """A copy with everything that reveals the answer removed."""
        return Exercise(
            self.id, self.notebook, self.type, self.prompt, self.points, self.graded, list(self.options),
            list(self.items), list(self.choices), None, [], 0, self.unit, list(self.rubric), {}, list(self.hints),
            "", "", self.level, "", {},
        )  # fmt: skip


class Bank(dict):
    """Exercises by id, in bank order, with ``released`` telling whether graded keys are present."""

    released: bool = False

    def get_exercise(self, exercise_id: str) -> Exercise:
        if exercise_id not in self:
            raise unknown_name("exercise", exercise_id, self.keys(), "Exercise ids look like 'geo-4'.")
        return self[exercise_id]

    def by_notebook(self) -> dict[str, list[Exercise]]:
        groups: dict[str, list[Exercise]] = {}
        for exercise in self.values():
            groups.setdefault(exercise.notebook, []).append(exercise)
        return groups

    def to_json(self, strip_graded_keys: bool) -> str:
        exercises = [(e.without_key() if strip_graded_keys and e.graded else e) for e in self.values()]
        return json.dumps(
            {"format": "kit-bank/1", "exercises": [asdict(e) for e in exercises]}, indent=1, ensure_ascii=False
        )


_CACHE: dict[tuple, Bank] = {}


def load_bank(folder: str | Path | None = None) -> Bank:
    """Load the bank from ``folder`` (default: the kit's ``exercises/``), checking every field."""
    folder = Path(folder or DEFAULT_FOLDER)
    files = sorted(folder.glob("[0-9][0-9]_*.toml"))
    released = not files
    if released:
        files = [folder / RELEASED_BANK]
    key = (folder.resolve(), tuple((f, f.stat().st_mtime_ns) for f in files if f.exists()))
    if key in _CACHE:
        return _CACHE[key]
    bank = Bank()
    bank.released = released
    for path in files:
        for exercise in _read(path):
            if exercise.id in bank:
                raise DataError(
                    f"{path.name}: the exercise id {exercise.id!r} is used twice. Give each exercise its own id."
                )
            bank[exercise.id] = exercise
    _CACHE[key] = bank
    return bank


def _read(path: Path) -> list[Exercise]:
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            records = [dict(r, notebook=r.get("notebook", data.get("notebook", ""))) for r in data.get("exercise", [])]
        else:
            records = json.loads(path.read_text(encoding="utf-8"))["exercises"]
    except FileNotFoundError:
        raise DataError(f"No exercise bank in {path.parent}: expected NN_name.toml files or {RELEASED_BANK}.") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, KeyError, UnicodeDecodeError) as err:
        raise DataError(f"{path.name} cannot be read: {err}. Check its syntax against exercises/README.md.") from None
    return [_exercise(path.name, i + 1, record) for i, record in enumerate(records)]


def _exercise(file: str, number: int, record: dict) -> Exercise:
    where = f"{file}, exercise {number} ({record.get('id', 'no id')!r})"

    def fail(field_name: str, expected: str, found) -> DataError:
        return DataError(f"{where}, field {field_name!r}: expected {expected}; found {found!r}.")

    known = set(Exercise.__dataclass_fields__)
    for name in record:
        if name not in known:
            raise fail(name, "one of the documented fields (see exercises/README.md)", name)
    for name in ("id", "type", "prompt"):
        if not isinstance(record.get(name), str) or not record[name]:
            raise fail(name, "a non-empty text", record.get(name))
    if record["type"] not in types.REGISTRY:
        raise fail("type", "one of " + ", ".join(types.REGISTRY), record["type"])
    if record.get("level", "") not in ("", *LEVELS):
        raise fail("level", "one of " + ", ".join(LEVELS), record["level"])
    exercise = Exercise(**record)
    if isinstance(exercise.points, bool) or not isinstance(exercise.points, int | float) or exercise.points <= 0:
        raise fail("points", "a positive number", exercise.points)
    if not isinstance(exercise.graded, bool):
        raise fail("graded", "true or false", exercise.graded)
    for name in ("options", "items", "choices", "accept", "rubric", "hints"):
        value = getattr(exercise, name)
        if not (isinstance(value, list) and all(isinstance(v, str) and v for v in value)):
            raise fail(name, "a list of non-empty texts", value)
    for name in ("explanation", "unit", "derived_from", "model_answer"):
        if not isinstance(getattr(exercise, name), str):
            raise fail(name, "a text", getattr(exercise, name))
    if not isinstance(exercise.feedback, dict) or not all(isinstance(v, str) for v in exercise.feedback.values()):
        raise fail("feedback", "a table of texts", exercise.feedback)
    types.validate(exercise, fail)
    if exercise.answer is None and not exercise.has_key and not exercise.graded:
        raise fail("answer", "a key (practice items keep theirs even in a release)", None)
    return exercise

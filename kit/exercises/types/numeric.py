"""A number, with a tolerance and an optional unit ("9,450 km").

The number is read by a scanner that looks at each character once, never by a
regular expression, so no typed text can make it slow.

>>> read_number("9,448 km")
(9448, 'km')
>>> read_number(" -1 200.5 ")
(-1200.5, '')
>>> read_number("1 , 2") is None, read_number("12.")
(True, (12, ''))
"""

from __future__ import annotations

import math
import numbers

from kit.exercises.types.base import MAX_SHORT, AnswerInputs, ExerciseType, FormError, bounded_text, normalise_text
from kit.exercises.types.controls import typed

GROUPING = {",", " ", "\u00a0", "\u202f", "\u2009", "_"}  # thousands separators: 9,448 / 9 448 / 9 448
MAX_MAGNITUDE = 1e15  # beyond this a number is not an answer to any question of the kit


def read_number(text: str) -> tuple[int | float, str] | None:
    """``(number, unit)`` from text such as ``"9,448 km"``; None when it does not start with a number."""
    text, i = text.strip(), 0
    n = len(text)
    if i < n and text[i] in "+-":
        i += 1
    start, digits = i, []
    while i < n:  # digits, with a separator only between two digits
        ch = text[i]
        if ch.isdigit() and ch.isascii():
            digits.append(ch)
            i += 1
        elif ch in GROUPING and digits and i + 1 < n and text[i + 1].isascii() and text[i + 1].isdigit():
            i += 1
        else:
            break
    if not digits:
        return None
    if i + 1 < n and text[i] == "." and text[i + 1].isascii() and text[i + 1].isdigit():
        digits.append(".")
        i += 1
        while i < n and text[i].isascii() and text[i].isdigit():
            digits.append(text[i])
            i += 1
    unit = text[i:].strip().removesuffix(".").strip()  # "9448." ends a sentence; "9448 km." too
    if unit and (unit[0].isdigit() or unit[0] in GROUPING or unit[0] == "."):  # "1 , 2", "1.2.3"
        return None
    number = float(("-" if text[:start].endswith("-") else "") + "".join(digits))
    return (int(number) if number.is_integer() and "." not in digits else number), unit


class Numeric(ExerciseType):
    name = "numeric"

    def validate(self, exercise, fail):
        key = exercise.answer
        if key is not None and (isinstance(key, bool) or not isinstance(key, int | float)):
            raise fail("answer", "a number", key)
        if isinstance(exercise.tolerance, bool) or not isinstance(exercise.tolerance, int | float):
            raise fail("tolerance", "a number (0 or more)", exercise.tolerance)
        if exercise.tolerance < 0:
            raise fail("tolerance", "a number (0 or more)", exercise.tolerance)

    def expected_form(self, exercise):
        unit = exercise.unit
        return "a number" + (f", in {unit} (e.g. '1200 {unit}' or 1200)" if unit else ", e.g. 12")

    def parse(self, exercise, value):
        if isinstance(value, bool):
            raise FormError(f"Give {self.expected_form(exercise)}, not True or False.")
        if isinstance(value, numbers.Real):
            number = value if isinstance(value, int) else float(value)
        else:
            text = bounded_text(value, MAX_SHORT // 5, "a number")
            found = read_number(text)
            if found is None:
                shown = text if len(text) <= 40 else text[:39] + "…"
                raise FormError(f"{shown!r} is not a number. Give {self.expected_form(exercise)}.")
            number, unit = found
            # Without a unit in the bank, any word may follow the number ("31 members", "31 allies").
            if unit and exercise.unit and normalise_text(unit) != normalise_text(exercise.unit):
                shown = unit if len(unit) <= 40 else unit[:39] + "…"
                raise FormError(f"Give the answer in {exercise.unit}, not in {shown!r}.")
        if isinstance(number, float) and not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
            raise FormError(f"That number is too large to be the answer. Give {self.expected_form(exercise)}.")
        if isinstance(number, float):
            return int(number) if number.is_integer() else number
        return int(number)

    def score(self, exercise, value, practice):
        key = exercise.answer
        if abs(value - key) <= exercise.tolerance:
            return 1.0, ["Well done."]
        message = exercise.feedback.get(
            self.wrong_parts(exercise, value)[0], "Not quite: check how you counted or read the table."
        )
        if practice:
            message += " Your answer is too " + ("high." if value > key else "low.")
        return 0.0, [message]

    def wrong_parts(self, exercise, value):
        if exercise.answer is None or abs(value - exercise.answer) <= exercise.tolerance:
            return []
        # str(), not :g: a float's shortest exact form, as feedback keys write it ("1234567.5", not "1.23457e+06")
        return [str(value)]

    def describe_key(self, exercise):
        if exercise.answer is None:
            return ""
        return f"{exercise.answer:,}" + (f" {exercise.unit}" if exercise.unit else "")

    def widget(self, exercise):
        box = typed(f"Answer ({exercise.unit})" if exercise.unit else "Answer", "type a number")

        def restore(value):
            if isinstance(value, int | float) and not isinstance(value, bool):
                box.value = str(value)  # exact: :g would show 1234567.5 as "1.23457e+06", which reads back as a unit

        return AnswerInputs({"answer": box}, lambda: box.value, restore)


TYPE = Numeric()

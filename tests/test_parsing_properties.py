"""Every type's parser on hostile input: linear time, bounded size, never a traceback (hypothesis).

Each example has a time budget (hypothesis ``deadline``, 2 s: linear work on these inputs takes milliseconds,
a backtracking parser minutes), so a parser that backtracks on crafted text fails here.
The hand-made worst cases are run as explicit examples under the same budget; the old number pattern took
1.6 s on the 8 KB one below and grew with the square of its length.
"""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kit.exercises import types
from kit.exercises.bank import Exercise
from kit.exercises.checking import check_answer
from kit.exercises.types.base import MAX_SHORT, MAX_TEXT, head_of, normalise_text
from kit.exercises.types.numeric import read_number
from kit.exercises.types.text import readings

BUDGET = settings(
    deadline=2000, max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def ex(kind: str, **fields) -> Exercise:
    return Exercise(id="t-1", notebook="t", type=kind, prompt="?", **fields)


EXERCISES = [
    ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius"),
    ex("multiple", options=["a", "b", "c"], answer=["a", "c"]),
    ex("numeric", answer=9448, tolerance=95, unit="km"),
    ex("text", answer="Vilnius", accept=["Vilnius city"]),
    ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"]),
    ex("ordering", items=["b", "a", "c"], answer=["a", "b", "c"]),
    ex("classify", items=["ceuta", "nuuk"], choices=["covered", "not covered"], answer=["not covered", "covered"]),
    ex("free", rubric=["cites a paragraph"]),
]
assert {e.type for e in EXERCISES} == set(types.TYPES)  # a new type must be added here too

# Hostile text: a short pattern repeated up to 1 MB (the shapes that make backtracking parsers slow), or noise.
PATTERNS = st.text(alphabet=st.sampled_from("1 ,.\n\t-+_xé(\u00a0\u202f9"), min_size=1, max_size=6)
REPEATED = st.builds(lambda unit, count: unit * count, PATTERNS, st.integers(0, 1_000_000 // 6))
HOSTILE_TEXT = st.one_of(st.text(max_size=2000), REPEATED, st.builds(lambda s: "1" + s + "x\n\n", REPEATED))
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=10), inner, max_size=8),
    max_leaves=40,
)
WORST = [
    "1" + " ," * 50_000 + "x",
    "1" + " " * 4_000 + "x\n\nx",
    "1" + " ," * 4_000 + "x\ny",
    "1" + " \n" * 4_000 + "x\na",
    "9" * 1_000_000,
    "the " * 250_000,
    "(" * 1_000_000,
    ",".join(["Vilnius"] * 100_000),
]


def outcome_is_sound(exercise: Exercise, value) -> None:
    result = check_answer(exercise, value)
    assert result.status in ("correct", "partial", "wrong", "form", "manual")
    assert 0 <= result.points <= exercise.points
    assert all(isinstance(m, str) and len(m) < 3_000 for m in result.messages)  # a message never echoes 1 MB
    if result.status != "form":
        assert json.loads(json.dumps(result.value)) == result.value  # what is recorded is plain JSON


@BUDGET
@given(HOSTILE_TEXT)
@example(WORST[0])
@example(WORST[1])
@example(WORST[2])
@example(WORST[3])
@example(WORST[4])
@example(WORST[5])
@example(WORST[6])
@example(WORST[7])
def test_every_parser_is_fast_and_safe_on_hostile_text(text):
    for exercise in EXERCISES:
        outcome_is_sound(exercise, text)
        outcome_is_sound(exercise, [text, text])
        outcome_is_sound(exercise, {text: text})


@BUDGET
@given(JSONISH)
def test_odd_values_never_raise(value):
    for exercise in EXERCISES:
        outcome_is_sound(exercise, value)


def test_values_python_cannot_even_print_never_raise():
    recursive: list = []
    recursive.append(recursive)
    nested: dict = {}
    nested["x"] = nested

    class Hostile(str):
        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = str.__hash__

    odd = [10**5000, -(10**5000), math.inf, math.nan, recursive, nested, {1: "a", (2,): "b"}, Hostile("Vilnius")]
    odd += [object(), b"Vilnius", bytearray(b"x"), {"Macron": recursive}, ["a"] * 1_000_000, range(10**9)]
    for exercise in EXERCISES:
        for value in odd:
            outcome_is_sound(exercise, value)


def test_sizes_are_bounded_before_matching_and_the_message_says_so():
    long_text = "Vilnius " * 100
    result = check_answer(EXERCISES[3], long_text)
    assert result.status == "form" and f"at most {MAX_SHORT}" in result.messages[0]
    memo = "word " * (MAX_TEXT // 5 + 10)
    result = check_answer(EXERCISES[7], memo)
    assert result.status == "form" and "at most 20,000" in result.messages[0] and "Shorten" in result.messages[0]
    assert check_answer(EXERCISES[7], "word " * 1000).status == "manual"  # a long memo (1,000 words) is fine
    result = check_answer(EXERCISES[5], ["a"] * 10_000)
    assert result.status == "form" and "10,000 entries" in result.messages[0]


WRITTEN = [
    lambda n: f"{n:,}",
    lambda n: f"{n:_}",
    lambda n: f"{n}",
    lambda n: f"{n:,} km",
    lambda n: f"{n}km",
    lambda n: f"{n:,}".replace(",", " "),
    lambda n: f"{n:,}".replace(",", "\u202f"),
]


@settings(max_examples=200, deadline=2000)
@given(st.integers(-(10**12), 10**12), st.sampled_from(WRITTEN))
def test_numbers_as_people_write_them(number, write):
    found = read_number(write(number))
    assert found is not None and found[0] == number  # oracle: Python's own formatting of the number
    assert found[1] in ("", "km")


@settings(max_examples=200, deadline=2000)
@given(st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3)))
def test_decimals_read_back(number):
    found = read_number(f"{number:.3f}")
    assert found is not None and math.isclose(found[0], number, abs_tol=1e-9)


def test_numbers_that_are_not_numbers():
    for text in ("1 , 2", "1.2.3", "x12", "", "-", "1,,000", "1e400", "١٢"):
        found = read_number(text)
        assert found is None or found[1] not in ("", "km"), text  # never silently read as a plain number
    exercise = EXERCISES[2]
    assert check_answer(exercise, "9,448 km").status == "correct"
    assert check_answer(exercise, "9 448km.").status == "correct"
    assert check_answer(exercise, "1" + "0" * 30).status == "form"
    assert check_answer(exercise, float("nan")).status == "form"


@settings(max_examples=200, deadline=2000)
@given(st.text(max_size=200))
def test_normalising_is_idempotent_and_heads_are_prefixes(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert text.startswith(head_of(text).lstrip()) or text.lstrip().startswith(head_of(text))
    assert readings(text)[0] == once


@settings(max_examples=100, deadline=2000)
@given(st.sampled_from(["Vilnius", "VILNIUS", "the vilnius", " vilnius. ", "Vílnius"]), st.text(max_size=30))
def test_the_key_followed_by_a_qualifier_is_right(key_form, qualifier):
    exercise = EXERCISES[3]
    assert check_answer(exercise, f"{key_form}, {qualifier}").status == "correct"
    assert check_answer(exercise, f"{key_form} ({qualifier})").status == "correct"

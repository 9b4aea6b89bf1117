"""The ordering exercise type: validation, parsing and partial credit, with scores worked out by hand."""

from __future__ import annotations

import pytest

from kit.core.errors import DataError
from kit.exercises.bank import Exercise
from kit.exercises.types import FormError
from kit.exercises.types.ordering import TYPE

ITEMS = ["Delta", "Alpha", "Charlie", "Bravo"]  # shown in this order; not ids, so shown as written
KEY = ["Alpha", "Bravo", "Charlie", "Delta"]


def ordering(items=ITEMS, answer=KEY) -> Exercise:
    return Exercise(id="t-1", notebook="t", type="ordering", prompt="?", items=list(items), answer=answer)


def fail(field: str, expected: str, found) -> DataError:
    return DataError(f"{field}|{expected}|{found!r}")


def refused_field(exercise) -> str:
    with pytest.raises(DataError) as err:
        TYPE.validate(exercise, fail)
    return str(err.value).split("|")[0]


def refusal(exercise) -> str:
    with pytest.raises(DataError) as err:
        TYPE.validate(exercise, fail)
    return str(err.value)


def test_refusals_say_what_was_expected_and_found():
    assert refusal(ordering(["a"], ["a"])) == "items|at least two different items to order|['a']"
    assert refusal(ordering(["b", "a"], ["a"])) == "answer|the items, each once, in the right order|['a']"
    assert refusal(ordering(["a", "b"], ["a", "b"])) == (
        "items|the items in another order than the key (students see them in this order)|['a', 'b']"
    )


def test_a_good_exercise_and_a_withheld_key_validate():
    TYPE.validate(ordering(), fail)
    TYPE.validate(ordering(answer=None), fail)
    TYPE.validate(ordering(items=["b", "a"], answer=["a", "b"]), fail)  # two items are enough


@pytest.mark.parametrize(
    "items, answer, field",
    [
        (["a"], ["a"], "items"),  # one item: nothing to order
        ([], None, "items"),
        (["a", "a", "b"], ["a", "a", "b"], "items"),  # the same item twice
        (["b", "a"], ["a"], "answer"),  # an item missing from the key
        (["b", "a"], ["a", "c"], "answer"),  # an item not among the items
        (["b", "a"], ["a", "b", "b"], "answer"),
        (["b", "a"], "a, b", "answer"),  # not a list
        (["a", "b"], ["a", "b"], "items"),  # the key in the order students see: no exercise
    ],
)
def test_bad_exercises_are_refused_naming_the_field(items, answer, field):
    assert refused_field(ordering(items, answer)) == field


def test_expected_form():
    assert TYPE.expected_form(ordering()) == "a list of all the items, each once, in order"


def test_parse_accepts_every_item_once():
    assert TYPE.parse(ordering(), ["Alpha", "Bravo", "Charlie", "Delta"]) == KEY
    assert TYPE.parse(ordering(), ["Delta", "Charlie", "Bravo", "Alpha"]) == KEY[::-1]


@pytest.mark.parametrize(
    "value", [["Alpha", "Bravo", "Charlie"], ["Alpha", "Bravo", "Charlie", None], ["Alpha", "", "Charlie", "Delta"]]
)
def test_parse_asks_to_fill_every_position(value):
    with pytest.raises(FormError) as err:
        TYPE.parse(ordering(), value)
    assert str(err.value) == "Fill every position with an item before checking."


def test_parse_names_what_was_used_twice():
    with pytest.raises(FormError) as err:
        TYPE.parse(ordering(), ["Alpha", "Alpha", "Charlie", "Bravo"])
    assert str(err.value) == "Put every item in the list exactly once. Used more than once: Alpha."
    with pytest.raises(FormError) as err:
        TYPE.parse(ordering(), ["Alpha", "Alpha", "Bravo", "Bravo"])
    assert str(err.value) == "Put every item in the list exactly once. Used more than once: Alpha; Bravo."
    with pytest.raises(FormError) as err:  # five answers for four items: one is used twice
        TYPE.parse(ordering(), ["Alpha", "Bravo", "Charlie", "Delta", "Delta"])
    assert str(err.value) == "Put every item in the list exactly once. Used more than once: Delta."


def test_parse_refuses_an_unknown_item():
    with pytest.raises(FormError):
        TYPE.parse(ordering(), ["Alpha", "Bravo", "Charlie", "Echo"])


def test_the_right_order_scores_one():
    assert TYPE.score(ordering(), KEY, practice=False) == (1.0, ["Well done."])
    assert TYPE.score(ordering(), KEY, practice=True) == (1.0, ["Well done."])


def test_two_swapped_items_score_half_and_are_named():
    # Hand count: Bravo and Alpha swapped at the top, Charlie and Delta in place: 2 of 4.
    score, messages = TYPE.score(ordering(), ["Bravo", "Alpha", "Charlie", "Delta"], practice=False)
    assert score == 0.5
    assert messages == [
        "2 of 4 items are in the right place. Not in their place:",
        "Bravo (you put it 1st).",
        "Alpha (you put it 2nd).",
    ]


def test_practice_says_which_way_to_move():
    # Delta belongs 4th (put 1st: later); Alpha belongs 1st (put 4th: earlier); Bravo, Charlie in place.
    score, messages = TYPE.score(ordering(), ["Delta", "Bravo", "Charlie", "Alpha"], practice=True)
    assert score == 0.5
    assert messages[1:] == [
        "Delta (you put it 1st; it belongs later).",
        "Alpha (you put it 4th; it belongs earlier).",
    ]
    # One place off in each direction: Charlie belongs 3rd (put 2nd), Bravo 2nd (put 3rd).
    _, messages = TYPE.score(ordering(), ["Alpha", "Charlie", "Bravo", "Delta"], practice=True)
    assert messages[1:] == [
        "Charlie (you put it 2nd; it belongs later).",
        "Bravo (you put it 3rd; it belongs earlier).",
    ]


def test_all_misplaced_scores_zero():
    # Reversed, with an even count: no item keeps its place.
    score, messages = TYPE.score(ordering(), KEY[::-1], practice=False)
    assert score == 0.0
    assert messages[0] == "0 of 4 items are in the right place. Not in their place:"
    assert len(messages) == 5


def test_the_widget_offers_every_position_and_reads_back_in_order():
    inputs = TYPE.widget(ordering())
    assert list(inputs.controls) == ["position 1", "position 2", "position 3", "position 4"]
    inputs.restore(KEY[::-1])
    assert inputs.read() == KEY[::-1]
    inputs.restore("not a list")  # ignored
    assert inputs.read() == KEY[::-1]


def test_parse_says_what_form_is_expected_and_which_items_exist():
    with pytest.raises(FormError) as err:
        TYPE.parse(ordering(), "Alpha, Bravo, Charlie, Delta")
    assert str(err.value) == "Give a list of all the items, each once, in order."
    with pytest.raises(FormError) as err:
        TYPE.parse(ordering(), ["Alpha", "Bravo", "Charlie", "Echo"])
    assert str(err.value) == "'Echo' is not one of the items. Choose from: 'Delta'; 'Alpha'; 'Charlie'; 'Bravo'."

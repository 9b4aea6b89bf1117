"""Checking one answer (kit/exercises/checking.py): status, points and wording for small hand-made exercises.

Scores follow the partial-credit rules of exercises/README.md, counted by hand below.
"""

from __future__ import annotations

import pytest

from kit.exercises.bank import Exercise
from kit.exercises.checking import Outcome, check_answer


def heading_of(outcome) -> str:
    """The first line of the text rendering, without the mark (✅, ❌...) that doubles its colour."""
    line = str(outcome).splitlines()[0]
    return line if line.startswith(outcome.exercise_id) else line.split(" ", 1)[1]


def ordering(points=2, answer=("Alpha", "Bravo", "Charlie", "Delta"), hints=()):
    return Exercise(
        id="t-1", notebook="t", type="ordering", prompt="?", points=points,
        items=["Delta", "Alpha", "Charlie", "Bravo"], answer=list(answer) if answer else None, hints=list(hints),
    )  # fmt: skip


def test_a_right_answer_is_correct_with_full_points():
    outcome = check_answer(ordering(), ["Alpha", "Bravo", "Charlie", "Delta"])
    assert (outcome.status, outcome.points, outcome.max_points) == ("correct", 2, 2)
    assert outcome.messages == ["Well done."]
    assert outcome.value == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert heading_of(outcome) == "t-1: Correct (2/2 points)"


def test_half_right_is_partial_with_half_the_points_and_the_first_hint():
    outcome = check_answer(
        ordering(hints=["Start with the oldest.", "second hint"]), ["Bravo", "Alpha", "Charlie", "Delta"]
    )
    assert (outcome.status, outcome.points) == ("partial", 1.0)
    assert outcome.messages[-1] == "Hint: Start with the oldest."
    assert "second hint" not in str(outcome)
    assert heading_of(outcome) == "t-1: Partly right (1/2 points)"


def test_points_are_rounded_to_two_places():
    # 1 of 3 items placed (Charlie): 1/3 of 1 point is 0.33.
    exercise = Exercise(
        id="t-2", notebook="t", type="ordering", prompt="?", items=["c", "b", "a"], answer=["a", "c", "b"]
    )
    outcome = check_answer(exercise, ["b", "c", "a"])
    assert (outcome.status, outcome.points) == ("partial", 0.33)


def test_all_wrong_is_wrong_with_no_points():
    outcome = check_answer(ordering(hints=["h"]), ["Delta", "Charlie", "Bravo", "Alpha"])
    assert (outcome.status, outcome.points) == ("wrong", 0)
    assert outcome.messages[-1] == "Hint: h"
    assert heading_of(outcome) == "t-1: Not yet (0/2 points)"


def test_no_hint_without_hints_and_none_when_correct():
    assert not any(
        m.startswith("Hint:") for m in check_answer(ordering(), ["Delta", "Charlie", "Bravo", "Alpha"]).messages
    )
    right = check_answer(ordering(hints=["h"]), ["Alpha", "Bravo", "Charlie", "Delta"])
    assert right.messages == ["Well done."]


def test_practice_follows_the_graded_flag_unless_asked():
    graded = ordering()
    assert "belongs" not in " ".join(check_answer(graded, ["Bravo", "Alpha", "Charlie", "Delta"]).messages)
    assert "it belongs later" in " ".join(
        check_answer(graded, ["Bravo", "Alpha", "Charlie", "Delta"], practice=True).messages
    )


def test_an_answer_in_the_wrong_form_says_what_is_expected():
    outcome = check_answer(ordering(), ["Alpha"])
    assert (outcome.status, outcome.points, outcome.max_points) == ("form", 0, 2)
    assert outcome.messages == [
        "Fill every position with an item before checking.",
        "Expected: a list of all the items, each once, in order.",
    ]
    assert heading_of(outcome) == "t-1: Answer not in the expected form"


class Odd:
    """An item that cannot even be compared."""

    def __eq__(self, other):
        raise RuntimeError("boom")

    __hash__ = object.__hash__


def test_an_odd_value_never_raises():
    outcome = check_answer(ordering(), [Odd(), Odd(), Odd(), Odd()])
    assert (outcome.exercise_id, outcome.status, outcome.points, outcome.max_points) == ("t-1", "form", 0, 2)
    assert heading_of(outcome) == "t-1: Answer not in the expected form"
    assert outcome.messages[-1] == "Expected: a list of all the items, each once, in order."
    assert outcome.messages[0] == "This answer could not be read (RuntimeError)."


def test_a_withheld_key_records_the_answer():
    outcome = check_answer(ordering(answer=None), ["Alpha", "Bravo", "Charlie", "Delta"])
    assert (outcome.status, outcome.points, outcome.max_points) == ("recorded", 0, 2)
    assert outcome.messages == [
        "This is a graded item: your instructor will grade it. You may change your answer until you submit."
    ]
    assert outcome.value == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert heading_of(outcome) == "t-1: Answer recorded"
    outcome.self_study = True
    assert heading_of(outcome) == "t-1: Answer saved (not checked)"


def test_free_text_goes_to_the_instructor():
    exercise = Exercise(id="t-3", notebook="t", type="free", prompt="?", points=3, rubric=["names both actors"])
    outcome = check_answer(exercise, "Macron objected; Stoltenberg kept it on the table.")
    assert (outcome.status, outcome.points, outcome.max_points) == ("manual", 0, 3)
    assert heading_of(outcome) == "t-3: Answer recorded for your instructor"
    outcome.self_study = True
    assert heading_of(outcome) == "t-3: Answer saved"


@pytest.mark.parametrize(
    "status, heading",
    [
        ("missing", "x: No answer"),
        ("graded by hand", "x: Graded by your instructor (1.5/3 points)"),
        ("correct", "x: Correct (1.5/3 points)"),
        ("wrong", "x: Not yet (1.5/3 points)"),
    ],
)
def test_headings(status, heading):
    assert heading_of(Outcome("x", status, 1.5, 3)) == heading
    # self-study wording only changes the recorded and manual labels
    assert heading_of(Outcome("x", status, 1.5, 3, self_study=True)) == heading


def test_the_mark_doubles_the_status_in_text_and_html():
    # Colour is never the only signal: a right answer reads ✅, a partly right one ◐, a wrong or unreadable one ❌.
    right = check_answer(ordering(), ["Alpha", "Bravo", "Charlie", "Delta"])
    half = check_answer(ordering(), ["Bravo", "Alpha", "Charlie", "Delta"])
    wrong = check_answer(ordering(), ["Delta", "Charlie", "Bravo", "Alpha"])
    unreadable = check_answer(ordering(), "Alpha")
    recorded = check_answer(ordering(answer=None), ["Alpha", "Bravo", "Charlie", "Delta"])
    assert str(right).splitlines()[0] == "✅ t-1: Correct (2/2 points)"
    assert str(half).splitlines()[0] == "◐ t-1: Partly right (1/2 points)"
    assert str(wrong).splitlines()[0] == "❌ t-1: Not yet (0/2 points)"
    assert str(unreadable).splitlines()[0] == "❌ t-1: Answer not in the expected form"
    assert str(recorded).splitlines()[0] == "t-1: Answer recorded"
    assert "<strong>✅ t-1: Correct (2/2 points)</strong>" in right._repr_html_()
    assert "<strong>◐ t-1: Partly right (1/2 points)</strong>" in half._repr_html_()
    assert str(right).splitlines()[1:] == ["Well done."]


def test_free_text_is_kept_as_written_with_the_rubric_named():
    exercise = Exercise(
        id="t-3", notebook="t", type="free", prompt="?", points=3, rubric=["names both actors", "cites ¶2"]
    )
    from kit.exercises import types

    assert types.score(exercise, "Macron objected.") == (
        0.0,
        ["Graded by your instructor against: names both actors; cites ¶2."],
    )
    outcome = check_answer(exercise, "  Macron objected.  ")
    assert outcome.value == "Macron objected."
    assert outcome.messages == ["Graded by your instructor against: names both actors; cites ¶2."]
    empty = check_answer(exercise, "   ")
    assert (empty.status, empty.points, empty.max_points) == ("form", 0, 3)
    assert empty.messages == ["The answer is empty: write a written answer.", "Expected: a text (your written answer)."]


def test_a_graded_number_is_checked_when_its_key_is_there():
    exercise = Exercise(id="t-4", notebook="t", type="numeric", prompt="?", points=1.5, answer=31, hints=["Count."])
    outcome = check_answer(exercise, "32")
    assert (outcome.status, outcome.points, outcome.max_points, outcome.value) == ("wrong", 0, 1.5, 32)
    assert outcome.messages == ["Not quite: check how you counted or read the table.", "Hint: Count."]
    assert check_answer(exercise, "32", practice=True).messages[0].endswith(" Your answer is too high.")
    right = check_answer(exercise, 31.0)
    assert (right.status, right.points, right.value, right.messages) == ("correct", 1.5, 31, ["Well done."])

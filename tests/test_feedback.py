"""Feedback that teaches, in code and in the widget; self-study mode; a damaged answer sheet never stops a student.

The exercises here are a small hand-written bank (keys written by hand), so the tests do not move with the real bank.
"""

from __future__ import annotations

import html
import json
import re

import pytest

import kit
import kit.exercises.bank
from kit.exercises import types
from kit.exercises.answers import answer_sheet, use_answer_sheet
from kit.exercises.ask import ask
from kit.exercises.bank import load_bank
from kit.exercises.types.base import is_slug, label_of

BANK = """
notebook = "01_mini"

[[exercise]]
id = "g-order"
type = "ordering"
graded = true
points = 5
prompt = "Order the letters."
items = ["C", "A", "E", "B", "D"]
answer = ["A", "B", "C", "D", "E"]
explanation = "Alphabetical order."

[[exercise]]
id = "p-order"
type = "ordering"
graded = false
prompt = "Order the letters."
items = ["C", "A", "B"]
answer = ["A", "B", "C"]
explanation = "Alphabetical order."

[[exercise]]
id = "g-num"
type = "numeric"
graded = true
prompt = "How many members had NATO on 11 July 2023?"
answer = 31
explanation = "Finland joined in April 2023: 31."

[[exercise]]
id = "p-num"
type = "numeric"
graded = false
prompt = "How many members had NATO on 11 July 2023?"
answer = 31
explanation = "Finland joined in April 2023: 31."

[[exercise]]
id = "g-text"
type = "text"
graded = true
prompt = "In which city did NATO meet in July 2023?"
answer = "Vilnius"
accept = ["the Lithuanian capital"]
explanation = "The summit met in Vilnius."

[[exercise]]
id = "g-place"
type = "classify"
graded = false
prompt = "Covered on 11 July 2023?"
items = ["canary-islands", "honolulu"]
choices = ["covered", "not covered"]
answer = ["covered", "not covered"]
explanation = "The islands clause; Hawaii fails every clause."

[[exercise]]
id = "g-free"
type = "free"
graded = true
points = 4
prompt = "Should NATO open an office in Tokyo?"
rubric = ["states a recommendation"]
model_answer = "NATO should not open it now: France objects, and the Council decides by consensus."
explanation = "A strong memo weighs France's objection."
"""


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """The hand-written bank as the kit's bank, a fresh answer sheet, and no mode set in the environment."""
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "01_mini.toml").write_text(BANK, encoding="utf-8")
    monkeypatch.setattr(kit.exercises.bank, "DEFAULT_FOLDER", folder)
    monkeypatch.delenv("KIT_MODE", raising=False)
    use_answer_sheet(tmp_path / "sheet.json", student="ada")
    return load_bank()


@pytest.fixture
def released(mini, tmp_path, monkeypatch):
    """The same bank as a student release: graded keys withheld."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "bank.json").write_text(mini.to_json(strip_graded_keys=True), encoding="utf-8")
    monkeypatch.setattr(kit.exercises.bank, "DEFAULT_FOLDER", folder)
    return load_bank()


def text_of(box) -> str:
    """Everything a student reads in a widget: HTML values and control descriptions and option labels."""
    parts = []

    def walk(widget):
        for name in ("value", "description", "tooltip"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                parts.append(html.unescape(re.sub("<[^>]+>", " ", value)))
        for option in getattr(widget, "options", ()) or ():
            parts.append(option[0] if isinstance(option, tuple) else str(option))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(box)
    return "\n".join(parts)


# -- ordering, variants, labels ---------------------------------------------------------------------


def test_ordering_feedback_names_the_items_out_of_place(mini):
    result = kit.check("g-order", ["B", "A", "C", "D", "E"])
    assert result.status == "partial" and result.points == 3  # 3 of 5 in place, 5 points
    text = str(result)
    assert "3 of 5 items are in the right place" in text
    assert "A (you put it 2nd)" in text and "B (you put it 1st)" in text
    assert "C (" not in text and "D (" not in text and "E (" not in text
    assert "earlier" not in text and "later" not in text  # a graded item does not say which way
    practice = str(kit.check("p-order", ["C", "A", "B"]))
    assert "C (you put it 1st; it belongs later)" in practice
    assert "A (you put it 2nd; it belongs earlier)" in practice


@pytest.mark.parametrize(
    "answer, status",
    [
        ("Vilnius", "correct"),
        ("vilnius.", "correct"),
        ("Vilnius, Lithuania", "correct"),
        ("Vilnius (Lithuania)", "correct"),
        ("the Lithuanian capital", "correct"),
        ("Lithuanian capital, Vilnius", "correct"),
        ("Riga, Vilnius", "wrong"),
        ("Not Vilnius", "wrong"),
        ("Vilnius Lithuania", "wrong"),  # no separator: not a head plus a qualifier
        ("Brussels (not Vilnius)", "wrong"),
    ],
)
def test_text_variants_follow_one_rule(mini, answer, status):
    assert kit.check("g-text", answer).status == status


def test_items_that_are_case_ids_are_shown_by_name(mini):
    box = ask("g-place")
    shown = text_of(box)
    assert "Las Palmas (Canary Islands)" in shown and "Honolulu (Hawaii)" in shown  # the gazetteer's names
    assert "canary-islands" not in shown and "honolulu" not in shown.replace("Honolulu", "")
    by_name = kit.check("g-place", {"Las Palmas (Canary Islands)": "covered", "Honolulu (Hawaii)": "not covered"})
    by_id = kit.check("g-place", {"canary-islands": "covered", "honolulu": "not covered"})
    assert by_name.status == by_id.status == "correct"
    wrong = str(kit.check("g-place", ["not covered", "not covered"]))
    assert "Look again at: Las Palmas (Canary Islands)" in wrong


def test_every_label_of_the_real_bank_is_shown_whole_and_never_as_an_id(case):
    ids = set(case.places.index) | set(case.actors.index)
    for exercise in load_bank().values():
        names = [*exercise.options, *exercise.items, *exercise.choices]
        for name in names:
            shown = label_of(exercise, name)
            assert not is_slug(shown) and shown not in ids, (exercise.id, shown)
        if names:
            widget_text = text_of(ask(exercise.id))
            for name in names:
                assert label_of(exercise, name) in widget_text, (exercise.id, name)  # whole, never cut at 60


# -- the widget: feedback and explanation side by side, buttons not code, saved answers filled in ---------


def test_explanation_opens_beside_the_feedback(mini):
    box = ask("p-num")
    box.controls["answer"].value = "30"
    box.controls["check"].click()
    feedback = box.output.value
    assert "Not yet" in feedback and "too low" in feedback
    box.controls["explain"].click()
    assert "Finland joined in April 2023: 31." in box.explanation.value
    assert box.output.value == feedback  # the feedback is still there


def test_widget_messages_name_buttons_not_code(mini):
    box = ask("p-num")
    box.controls["answer"].value = "30"
    box.controls["check"].click()
    assert "press Show explanation" in box.output.value and "kit." not in box.output.value
    in_code = str(kit.check("p-num", 30))
    assert "kit.explain('p-num')" in in_code  # in code, naming the function is the help


WRONG = {  # a wrong answer of each type, for any exercise of the bank
    "single": lambda e: next(o for o in e.options if o != e.answer),
    "multiple": lambda e: [o for o in e.options if o not in (e.answer or [])][:1] or e.options[:1],
    "numeric": lambda e: (e.answer or 0) + 1000,
    "text": lambda e: "something else",
    "matching": lambda e: [e.choices[0]] * len(e.items),
    "classify": lambda e: [e.choices[0]] * len(e.items),
    "ordering": lambda e: list(reversed(e.answer or e.items)),
    "free": lambda e: "A short memo.",
}


def test_no_widget_of_the_real_bank_points_to_code(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_MODE", raising=False)
    use_answer_sheet(tmp_path / "sheet.json")
    for exercise in load_bank().values():
        box = ask(exercise.id)
        box.controls["check"].click()  # an empty answer: a form message
        assert "Expected" in box.output.value or "Choose" in box.output.value or "empty" in box.output.value
        assert "kit." not in box.output.value, exercise.id
        box.inputs.restore(types.parse(exercise, WRONG[exercise.type](exercise)))
        box.controls["check"].click()
        assert "Saved (attempt 1)" in box.output.value, exercise.id
        box.controls["explain"].click()
        assert "kit." not in text_of(box), exercise.id


def test_reopening_fills_each_widget_with_the_saved_answer(mini):
    saved = {
        "g-order": ["E", "D", "C", "B", "A"],
        "g-num": 29,
        "g-text": "Vilnius, Lithuania",
        "g-place": ["not covered", "covered"],
        "g-free": "A memo of six words here.",
    }
    for exercise_id, value in saved.items():
        assert kit.check(exercise_id, value).status != "form"
    for exercise_id, value in saved.items():
        box = ask(exercise_id)  # a reopened notebook builds the widget again
        exercise = mini[exercise_id]
        assert types.parse(exercise, box.inputs.read()) == types.parse(exercise, value), exercise_id
        assert "saved answer (attempt 1) is filled in" in box.output.value
    assert ask("p-num").output.value == ""  # nothing saved: nothing claimed


def test_long_answers_count_words_as_they_are_typed(mini):
    box = ask("g-free")
    count = next(
        w for w in box.inputs.layout() if "word" in getattr(w, "value", "") and w is not box.controls["answer"]
    )
    box.controls["answer"].value = "Geography is   stubborn, said Macron."
    assert count.value.startswith("5 words")
    box.controls["check"].click()
    box.controls["answer"].value = "Geography is stubborn."
    assert count.value.startswith("3 words") and "changed since your last check" in count.value
    box.controls["check"].click()
    assert "changed" not in count.value


# -- self-study mode ----------------------------------------------------------------------------------


def test_self_study_gives_graded_items_practice_feedback(mini, monkeypatch):
    assert "too high" not in str(kit.check("g-num", 40))  # in class, a graded number gives no direction
    monkeypatch.setenv("KIT_MODE", "self-study")
    result = kit.check("g-num", 40)
    text = str(result) + result._repr_html_()
    assert "too high" in text and "Try again" in text
    assert "graded" not in text.lower() and "instructor" not in text.lower()
    header = text_of(ask("g-num"))
    assert "graded" not in header and "practice" not in header
    assert "(graded, 1 point)" in text_of(_in_class(monkeypatch, "g-num"))


def _in_class(monkeypatch, exercise_id):
    monkeypatch.setenv("KIT_MODE", "class")
    box = ask(exercise_id)
    monkeypatch.setenv("KIT_MODE", "self-study")
    return box


def test_self_study_shows_the_model_answer_after_a_try(mini, monkeypatch):
    in_class = str(kit.check("g-free", "My memo."))
    assert "recorded for your instructor" in in_class and "France objects" not in in_class
    monkeypatch.setenv("KIT_MODE", "self-study")
    solo = str(kit.check("g-free", "My memo."))
    assert "France objects, and the Council decides by consensus" in solo
    assert "instructor" not in solo and "Answer saved" in solo


def test_self_study_toggle_is_kept_in_the_sheet_and_the_variable_wins(mini, monkeypatch, tmp_path):
    assert not kit.exercises.session.is_self_study()
    message = str(kit.self_study())
    assert "Self-study mode is on" in message
    assert json.loads(answer_sheet().path.read_text())["settings"] == {"self_study": True}
    use_answer_sheet(answer_sheet().path)  # a new kernel reads it back
    assert kit.exercises.session.is_self_study()
    monkeypatch.setenv("KIT_MODE", "class")
    assert not kit.exercises.session.is_self_study()
    monkeypatch.delenv("KIT_MODE")
    kit.self_study(False)
    assert not kit.exercises.session.is_self_study()


def test_self_study_progress_shows_points_on_everything(mini, monkeypatch):
    kit.check("g-num", 31)
    kit.check("p-num", 30)
    monkeypatch.setenv("KIT_MODE", "self-study")
    text = str(kit.progress())
    # Auto-scored items: g-order 5 + p-order 1 + g-num 1 + p-num 1 + g-text 1 + g-place 1 = 10 points; 1 earned.
    assert "01_mini: 2 of 7 answered; 1 of 10 points" in text
    assert "g-free" in text and "model answer" in text


def test_self_study_in_a_release_says_what_it_cannot_check(released, monkeypatch):
    monkeypatch.setenv("KIT_MODE", "self-study")
    result = str(kit.check("g-num", 40))
    assert "holds no key for g-num" in result and "cannot check it" in result and "too high" not in result
    assert "Answer saved (not checked)" in result
    assert kit.check("p-num", 40).status == "wrong"  # practice keys ship with the release
    text = str(kit.progress())
    assert "cannot check them: g-order, g-num, g-text" in text
    assert "g-order, g-num, g-text" in str(kit.self_study())
    assert "holds no explanation for g-num" in str(kit.explain("g-num"))
    assert "(1 point; this copy cannot check it)" in text_of(ask("g-num"))
    assert "(1 point)" in text_of(ask("p-num"))


# -- a damaged answer sheet -----------------------------------------------------------------------------


def test_a_damaged_entry_is_reported_and_the_rest_still_works(mini):
    path = answer_sheet().path
    damaged = {
        "format": "kit-answers/1",
        "student": "ada",
        "answers": {
            "g-num": {"value": 31, "attempts": 1, "time": "2026-11-29T10:00:00+00:00"},
            "p-num": ["not", "a", "table"],
            "g-text": {"attempts": "many"},
            "g-order": {"value": {"deep": [[[["x"]]]]}, "attempts": -3, "time": 12},
            "g-place": {"value": "x" * 1_000_000, "attempts": 10**40},
            "g-free": "just a string",
        },
    }
    path.write_text(json.dumps(damaged), encoding="utf-8")
    text = str(kit.progress())
    assert "01_mini: 3 of 7 answered; 1 of" in text  # g-num counts; the readable odd values are answers
    assert "p-num: the saved entry is a list" in text and "g-text: the saved entry has no value" in text
    assert "g-free: the saved entry is a str" in text
    assert "Try g-num first" not in str(kit.explain("g-num"))
    assert kit.check("p-order", ["A", "B", "C"]).status == "correct"
    assert kit.check("p-num", 31).status == "correct"  # checking a damaged item again replaces its entry
    for exercise_id in ("g-order", "g-place", "g-free", "g-text"):
        assert ask(exercise_id).controls["check"] is not None  # widgets build; odd saved values are not shown
    kept = json.loads(path.read_text())["answers"]
    assert kept["g-text"] == {"attempts": "many"} and kept["g-free"] == "just a string"  # nothing deleted
    assert kept["p-num"]["attempts"] == 1 and kept["g-num"]["value"] == 31
    assert not list(path.parent.glob("*.unreadable-*"))  # a readable sheet is never set aside

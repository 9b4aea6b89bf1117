"""Each type's checker: right, wrong, partial, tolerance, units, normalisation and wrong forms (never a traceback)."""

from __future__ import annotations

import pytest

import kit
import kit.exercises.answers
from kit.exercises.bank import Exercise, load_bank
from kit.exercises.checking import check_answer, normalise_text


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def ex(**fields) -> Exercise:
    return Exercise(id="t-1", notebook="t", prompt="?", **fields)


def test_single_choice(bank):
    assert check_answer(bank["actors-1"], "jens  stoltenberg").status == "correct"  # case and spaces forgiven
    wrong = check_answer(bank["actors-1"], "Fumio Kishida")
    assert wrong.status == "wrong" and "no view of Kishida's" in wrong.messages[0]


def test_multiple_select_partial_credit(bank):
    exercise = bank["actors-3"]  # 2 points, 2 right options (France, China)
    assert check_answer(exercise, ["France", "China"]).points == 2
    assert check_answer(exercise, ["France"]).points == pytest.approx(1, abs=0.01)
    penalised = check_answer(exercise, ["France", "China", "Japan"])
    assert penalised.points == pytest.approx(1, abs=0.01) and penalised.status == "partial"
    assert "do not infer" in " ".join(penalised.messages)
    assert check_answer(exercise, ["Japan", "United States"]).points == 0  # never below zero


def test_numeric_tolerance_and_units():
    exercise = ex(type="numeric", answer=9448, tolerance=95, unit="km", graded=False)
    for good in (9448, 9500, "9,448 km", "9400km", " 9 448 "):
        assert check_answer(exercise, good).status == "correct", good
    assert check_answer(exercise, 9600).status == "wrong"
    assert "too high" in check_answer(exercise, 9600).messages[0]
    miles = check_answer(exercise, "5870 miles")
    assert miles.status == "form" and "in km" in miles.messages[0]
    assert check_answer(exercise, True).status == "form"


def test_numeric_graded_gives_no_direction():
    message = " ".join(check_answer(ex(type="numeric", answer=3, graded=True), 5).messages)
    assert "too high" not in message and "too low" not in message


def test_text_normalisation(bank):
    exercise = bank["geo-6"]
    for good in ("Tropic of Cancer", "the tropic of cancer", "  TROPIC-OF-CANCER. "):
        assert check_answer(exercise, good).status == "correct", good
    capricorn = check_answer(exercise, "Tropic of Capricorn")
    assert capricorn.status == "wrong" and "southern hemisphere" in capricorn.messages[0]
    assert normalise_text("Ĉeuta — the “Tropic”!") == "ceuta the tropic"


def test_matching_and_classify_accept_dicts_and_lists(bank):
    exercise = bank["geo-1"]
    as_list = check_answer(exercise, list(exercise.answer))
    as_dict = check_answer(exercise, dict(zip(exercise.items, exercise.answer, strict=True)))
    assert as_list.status == as_dict.status == "correct"
    one_wrong = list(exercise.answer)
    one_wrong[0] = "not covered"  # Tórshavn, a Danish island in the North Atlantic
    result = check_answer(exercise, one_wrong)
    assert result.points == 5 and "islands clause" in result.messages[0]
    missing = check_answer(exercise, {exercise.items[0]: "covered"})
    assert missing.status == "form" and "missing" in missing.messages[0]


def test_ordering_partial_credit(bank):
    exercise = bank["synth-6"]
    assert check_answer(exercise, exercise.answer).status == "correct"
    swapped = list(exercise.answer)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert check_answer(exercise, swapped).points == pytest.approx(2 * 4 / 6, abs=0.01)
    assert check_answer(exercise, exercise.answer[:-1]).status == "form"


def test_free_text_goes_to_the_instructor(bank):
    result = check_answer(bank["actors-8"], "Macron's reasons are in ¶2 and ¶4…")
    assert result.status == "manual" and result.points == 0
    assert "Graded by your instructor against" in result.messages[0]


@pytest.mark.parametrize("value", [None, 42, 3.5, {"a": 1}, ["x"] * 3, object(), "", b"bytes", [[[]]]])
def test_wrong_forms_never_raise_and_say_what_is_expected(bank, value):
    for exercise in bank.values():
        result = check_answer(exercise, value)
        assert result.status in ("form", "wrong", "partial", "correct", "manual"), exercise.id
        if result.status == "form":
            assert result.messages and "Expected" in " ".join(result.messages)


def wrong_values(e: Exercise) -> list:
    """Some wrong answers of the exercise's type."""
    makers = {
        "single": lambda: [o for o in e.options if o != e.answer],
        "multiple": lambda: [[e.options[-1]]],
        "numeric": lambda: [e.answer + 1000],
        "text": lambda: ["something else"],
        "matching": lambda: [[e.choices[0]] * len(e.items)],
        "classify": lambda: [[e.choices[0]] * len(e.items)],
        "ordering": lambda: [list(reversed(e.answer))],
    }
    return makers[e.type]()


def test_feedback_never_reveals_a_graded_key(bank):
    for exercise in bank.values():
        if not exercise.graded or exercise.type == "free":
            continue
        for value in wrong_values(exercise):
            text = str(check_answer(exercise, value))
            assert exercise.explanation not in text
            if isinstance(exercise.answer, str):
                assert f"answer is {exercise.answer}".lower() not in text.lower()


def test_kit_check_records_and_never_raises(tmp_path):
    kit.exercises.answers.use_answer_sheet(tmp_path / "sheet.json", student="ada")
    assert kit.check("geo-6", "Tropic of Cancer").status == "correct"
    assert kit.check("geo-66", "x").status == "form"
    assert "Did you mean 'geo-6'" in str(kit.check("geo-66", "x"))
    assert kit.check("geo-6", 12).status == "form"
    sheet = kit.exercises.answers.answer_sheet().load()
    assert sheet["student"] == "ada" and set(sheet["answers"]) == {"geo-6"}  # forms that failed are not recorded
    assert sheet["answers"]["geo-6"]["attempts"] == 1


def test_outcome_renders_the_same_as_text_and_html(bank):
    result = check_answer(bank["actors-3"], ["France"])
    assert "Partly right" in str(result) and "Partly right" in result._repr_html_()
    assert result._repr_html_() == check_answer(bank["actors-3"], ["France"])._repr_html_()


def test_explain_opens_only_after_trying(tmp_path):
    kit.exercises.answers.use_answer_sheet(tmp_path / "sheet.json")
    assert "Try geo-4 first" in str(kit.explain("geo-4"))
    kit.check("geo-4", "16 January 1963")
    assert "3 July 1962" in str(kit.explain("geo-4"))
    assert "Try geo-1 first" in str(kit.explain("geo-1"))
    kit.check("geo-1", ["covered"] * 6)
    # self-study copy: graded items explain themselves after a try, with places by their full labels
    assert "Nouméa, New Caledonia: a French island in the South Pacific at 22° S, on 11 July 2023 → not covered" in str(
        kit.explain("geo-1")
    )


def test_progress_counts_per_notebook(tmp_path):
    kit.exercises.answers.use_answer_sheet(tmp_path / "sheet.json")
    kit.check("actors-7", 3)
    kit.check("actors-2", "a quote")
    text = str(kit.progress())
    assert "01_actors: 2 of 11 answered; 1 of 2 points" in text
    assert "02_geography: 0 of 12 answered" in text

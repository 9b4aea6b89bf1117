"""The registry of exercise types: every type in one module, everything dispatching through it, a new type in one place.

Keys and expected values are written by hand for small made-up exercises, never read from the bank's own key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kit
from kit.core.errors import DataError
from kit.exercises import types
from kit.exercises.answers import use_answer_sheet
from kit.exercises.bank import Exercise, load_bank
from kit.exercises.checking import check_answer
from kit.exercises.types import FormError, controller

KIT = Path(kit.__file__).parent


def ex(kind: str, **fields) -> Exercise:
    return Exercise(id="t-1", notebook="t", type=kind, prompt="?", **fields)


# One hand-written exercise per type, with a right answer and a wrong one (not taken from any key by code).
SAMPLES = {
    "single": (ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius"), "vilnius", "Riga"),
    "multiple": (ex("multiple", options=["a", "b", "c"], answer=["a", "c"]), ["c", "a"], ["b"]),
    "numeric": (ex("numeric", answer=31, tolerance=0), "31", 32),
    "text": (ex("text", answer="Vilnius"), "the Vilnius", "Riga"),
    "matching": (
        ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"]),
        {"kishida": "Japan", "macron": "France"},
        ["Japan", "France"],
    ),
    "ordering": (ex("ordering", items=["b", "a", "c"], answer=["a", "b", "c"]), ["a", "b", "c"], ["c", "b", "a"]),
    "classify": (
        ex("classify", items=["Ceuta", "Nuuk"], choices=["covered", "not covered"], answer=["not covered", "covered"]),
        ["not covered", "covered"],
        ["covered", "covered"],
    ),
    "free": (ex("free", rubric=["cites a paragraph"]), "Macron objects in ¶2.", None),
}


def test_every_type_is_one_module_registered_by_name():
    assert set(types.TYPES) == set(SAMPLES)
    for name in types.TYPES:
        module = KIT / "exercises" / "types" / f"{name}.py"
        assert module.is_file(), name
        assert controller(name).name == name
    assert load_bank() and {e.type for e in load_bank().values()} <= set(types.TYPES)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_each_type_parses_scores_and_describes(kind):
    exercise, right, wrong = SAMPLES[kind]
    canonical = types.parse(exercise, right)
    assert json.loads(json.dumps(canonical)) == canonical  # JSON-ready
    assert types.parse(exercise, canonical) == canonical  # canonical answers read back as themselves
    if kind == "free":
        assert check_answer(exercise, right).status == "manual"
        return
    assert types.score(exercise, canonical) == (1.0, ["Well done."])
    fraction, messages = types.score(exercise, types.parse(exercise, wrong))
    assert fraction < 1 and messages
    assert types.describe_key(exercise)
    assert types.expected_form(exercise)


def test_describe_key_by_hand():
    assert types.describe_key(SAMPLES["numeric"][0]) == "31"
    assert types.describe_key(ex("numeric", answer=9448, unit="km")) == "9,448 km"
    assert types.describe_key(SAMPLES["matching"][0]) == "Macron → France; Kishida → Japan"
    assert types.describe_key(SAMPLES["ordering"][0]) == "a; b; c"
    assert types.describe_key(ex("free", rubric=["x"], model_answer="Because ¶2 says so.")) == "Because ¶2 says so."


def test_the_release_needles_come_from_the_registry():
    graded = ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"])
    graded.explanation, graded.feedback = "Macron speaks for France.", {"Macron": "Look at ¶2."}
    needles = types.key_needles(graded)
    assert "Macron speaks for France." in needles and "Look at ¶2." in needles
    assert '["France", "Japan"]' in needles and '"answer": ["France", "Japan"]' in needles
    free = ex("free", rubric=["x"], model_answer="A model memo of some length.")
    assert types.key_needles(free) == ["A model memo of some length."]
    accepted = ex("text", answer="Tropic of Cancer", accept=["the northern tropic"])
    assert '"accept": ["the northern tropic"]' in types.key_needles(accepted)
    practice = ex("single", options=["a", "b"], answer="a", graded=False, explanation="why a")
    assert types.key_needles(practice) == []  # practice keys ship with the release


def test_no_type_switch_is_left_outside_the_registry():
    """The exercise type is decided in one place: no `type ==` / `kind ==` chains in the engine or the release."""
    pattern = re.compile(r"""(\.type|\bkind)\s*(==|!=|in)\s*[("']""")
    engine = [*(KIT / "exercises").glob("*.py"), KIT / "classroom" / "release.py"]
    engine += [p for p in (KIT / "exercises" / "types").glob("*.py") if p.name == "__init__.py"]
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in engine
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders
    # The "(choose)" placeholder belongs to the widget layer (the controls), never to what reads answers.
    readers = [*(KIT / "exercises").rglob("*.py"), *(KIT / "grading").rglob("*.py"), *(KIT / "classroom").rglob("*.py")]
    placeholder = [p.name for p in readers if "(choose)" in p.read_text() and p.name != "controls.py"]
    assert not placeholder, placeholder


def test_a_new_type_is_one_module(tmp_path, monkeypatch):
    """Register a type the kit does not have; the bank, the checker, the widget and explain all use it."""

    class YesNo(types.ExerciseType):
        name = "yesno"

        def validate(self, exercise, fail):
            if exercise.answer is not None and exercise.answer not in ("yes", "no"):
                raise fail("answer", "yes or no", exercise.answer)

        def expected_form(self, exercise):
            return "yes or no"

        def parse(self, exercise, value):
            text = types.base.bounded_text(value, 10, "yes or no").lower()
            if text not in ("yes", "no"):
                raise FormError("Answer yes or no.")
            return text

        def score(self, exercise, value, practice):
            return (1.0, ["Well done."]) if value == exercise.answer else (0.0, ["Not this one."])

        def widget(self, exercise):
            toggle = types.base.AnswerInputs({}, lambda: "yes", lambda value: None)
            return toggle

    monkeypatch.setitem(types.REGISTRY, "yesno", YesNo())
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "01_t.toml").write_text(
        'notebook = "01_t"\n[[exercise]]\nid = "yn-1"\ntype = "yesno"\nprompt = "Is Tokyo in Asia?"\n'
        'graded = false\nanswer = "yes"\nexplanation = "Tokyo is in Asia."\n'
    )
    bank = load_bank(folder)
    assert check_answer(bank["yn-1"], "YES").status == "correct"
    assert check_answer(bank["yn-1"], "maybe").messages[0] == "Answer yes or no."
    (folder / "01_t.toml").write_text((folder / "01_t.toml").read_text().replace('answer = "yes"', 'answer = "oui"'))
    with pytest.raises(DataError, match="yes or no"):
        load_bank(folder)


def test_bank_validation_goes_through_each_type(tmp_path):
    def bank_with(record: str):
        folder = tmp_path / f"b{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        (folder / "01_t.toml").write_text(f'notebook = "01_t"\n[[exercise]]\nid = "x-1"\nprompt = "?"\n{record}\n')
        return load_bank(folder)

    with pytest.raises(DataError, match="one of the options"):
        bank_with('type = "single"\noptions = ["a", "b"]\nanswer = "c"')
    with pytest.raises(DataError, match="a number"):
        bank_with('type = "numeric"\nanswer = "31"')
    with pytest.raises(DataError, match="each once"):
        bank_with('type = "ordering"\nitems = ["a", "b"]\nanswer = ["a", "a"]')
    with pytest.raises(DataError, match="rubric"):
        bank_with('type = "free"')
    with pytest.raises(DataError, match="level"):
        bank_with('type = "text"\nanswer = "x"\nlevel = "memorise"')
    with pytest.raises(DataError, match="tolerance"):
        bank_with('type = "numeric"\nanswer = 3\ntolerance = -1')
    with pytest.raises(DataError, match="no key"):
        bank_with('type = "free"\nrubric = ["x"]\nanswer = "the key"')
    assert bank_with('type = "text"\nanswer = "x"\nlevel = "analyse"')["x-1"].level == "analyse"


def test_widget_reads_back_what_it_restores(tmp_path):
    """Every type's widget, filled with a saved answer, reads back that same answer (order included)."""
    for kind, (exercise, right, wrong) in SAMPLES.items():
        for value in (right, wrong):
            if value is None:
                continue
            canonical = types.parse(exercise, value)
            inputs = types.widget(exercise)
            inputs.restore(canonical)
            assert types.parse(exercise, inputs.read()) == canonical, (kind, value)


def test_an_empty_widget_is_a_form_message_not_an_answer(tmp_path):
    use_answer_sheet(tmp_path / "sheet.json")
    for exercise, _, _ in SAMPLES.values():
        with pytest.raises(FormError):
            types.parse(exercise, types.widget(exercise).read())


def test_wrong_parts_are_named_as_the_bank_names_them():
    """What the class summary counts and maps to misconceptions: keyed like the bank's feedback tables."""
    assert types.wrong_parts(SAMPLES["single"][0], "Riga") == ["Riga"]
    assert types.wrong_parts(SAMPLES["single"][0], "Vilnius") == []
    assert types.wrong_parts(SAMPLES["multiple"][0], ["a", "b"]) == ["b"]
    assert types.wrong_parts(SAMPLES["matching"][0], ["Japan", "Japan"]) == ["Macron → Japan"]
    assert types.wrong_parts(SAMPLES["text"][0], "The Riga!") == ["riga"]
    assert types.wrong_parts(SAMPLES["text"][0], "Vilnius, Lithuania") == []
    assert types.wrong_parts(SAMPLES["numeric"][0], 32) == ["32"]
    assert types.wrong_parts(ex("numeric", answer=1.5, tolerance=0.1), 2.25) == ["2.25"]
    assert types.wrong_parts(SAMPLES["ordering"][0], ["c", "b", "a"]) == []
    assert types.wrong_parts(SAMPLES["matching"][0], "not canonical") == []  # a stale value names nothing


def test_numeric_feedback_is_keyed_by_the_number_as_written():
    exercise = ex("numeric", answer=31, feedback={"30": "Sweden joined in 2024.", "32.5": "Members are whole."})
    assert check_answer(exercise, "30").messages[0] == "Sweden joined in 2024."
    assert check_answer(exercise, 30.0).messages[0] == "Sweden joined in 2024."
    assert check_answer(exercise, "32.5").messages[0] == "Members are whole."

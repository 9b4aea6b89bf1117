"""The exercise-type registry (kit/exercises/types/): what an instructor and a student see from each type.

Bank refusals are checked through ``load_bank`` on small TOML files written here, with the whole message an
instructor reads (file, exercise, field, what was expected, what was found) written out by hand. Widgets are built
in-process and read as a student meets them: the control's kind, its accessible name, its options, its
placeholder, and the answer read back. Every expected value is written by hand, never taken from the kit.
"""

from __future__ import annotations

import tomllib

import pytest

from kit.core.errors import DataError
from kit.exercises import types
from kit.exercises.bank import Exercise, load_bank
from kit.exercises.checking import check_answer
from kit.exercises.types import FormError, controller
from kit.exercises.types.base import ExerciseType, is_slug, ordinal
from kit.exercises.types.controls import label, typed


@pytest.fixture(autouse=True)
def fresh_name_tables(monkeypatch):
    """Each test builds the remembered name tables itself: a table left by an earlier test (or by the process
    mutmut forks from) would hide how it is built."""
    from kit.exercises.types import base

    monkeypatch.setattr(base, "_NORMALISED", {})
    monkeypatch.setattr(base, "_NAMES", None)


def ex(kind: str, **fields) -> Exercise:
    return Exercise(id="t-1", notebook="t", type=kind, prompt="?", **fields)


# -- bank validation: one hand-made bad record per rule, and the exact message ---------------------------------


def load_record(tmp_path, record: str):
    """Load a one-exercise bank (``01_t.toml``) whose exercise ``x-1`` has the given TOML lines."""
    folder = tmp_path / "bank"
    folder.mkdir(exist_ok=True)
    text = f'notebook = "01_t"\n[[exercise]]\nid = "x-1"\nprompt = "?"\n{record}\n'
    tomllib.loads(text)  # the record itself is valid TOML: a refusal below is the kit's, not the parser's
    (folder / "01_t.toml").write_text(text, encoding="utf-8")
    return load_bank(folder)["x-1"]


def refusal(tmp_path, record: str) -> str:
    with pytest.raises(DataError) as err:
        load_record(tmp_path, record)
    return str(err.value)


def where(field: str) -> str:
    return f"01_t.toml, exercise 1 ('x-1'), field '{field}': expected "


REFUSED = [
    # single
    ('type = "single"\noptions = ["a"]\nanswer = "a"', where("options") + "at least two options; found ['a']."),
    ('type = "single"\noptions = ["a", "b"]\nanswer = "c"', where("answer") + "one of the options; found 'c'."),
    # multiple
    ('type = "multiple"\noptions = ["a"]\nanswer = ["a"]', where("options") + "at least two options; found ['a']."),
    ('type = "multiple"\noptions = ["a", "b"]\nanswer = ["c"]', where("answer") + "a list of options; found ['c']."),
    (
        'type = "multiple"\noptions = ["a", "b"]\nanswer = ["a", "c"]',
        where("answer") + "a list of options; found ['a', 'c'].",
    ),
    ('type = "multiple"\noptions = ["a", "b"]\nanswer = []', where("answer") + "a list of options; found []."),
    ('type = "multiple"\noptions = ["a", "b"]\nanswer = "a"', where("answer") + "a list of options; found 'a'."),
    # matching
    (
        'type = "matching"\nitems = ["x", "y"]\nanswer = ["p", "q"]',
        where("items") + "items and choices; found ['x', 'y'].",
    ),
    ('type = "matching"\nchoices = ["p", "q"]\nanswer = ["p"]', where("items") + "items and choices; found []."),
    (
        'type = "matching"\nitems = ["x", "y"]\nchoices = ["p", "q"]\nanswer = ["p"]',
        where("answer") + "one choice per item, in the order of items; found ['p'].",
    ),
    (
        'type = "matching"\nitems = ["x", "y"]\nchoices = ["p", "q"]\nanswer = ["p", "r"]',
        where("answer") + "one choice per item, in the order of items; found ['p', 'r'].",
    ),
    (
        'type = "matching"\nitems = ["x", "y"]\nchoices = ["p", "q"]\nanswer = "pq"',
        where("answer") + "one choice per item, in the order of items; found 'pq'.",
    ),
    # text
    ('type = "text"\nanswer = "!?"', where("answer") + "a text; found '!?'."),
    ('type = "text"\nanswer = 3', where("answer") + "a text; found 3."),
    (
        'type = "text"\nanswer = "Vilnius"\naccept = ["Wilno", "…"]',
        where("accept") + "a list of texts; found ['Wilno', '…'].",
    ),
    # numeric
    ('type = "numeric"\nanswer = "31"', where("answer") + "a number; found '31'."),
    ('type = "numeric"\nanswer = true', where("answer") + "a number; found True."),
    ('type = "numeric"\nanswer = 31\ntolerance = "2"', where("tolerance") + "a number (0 or more); found '2'."),
    ('type = "numeric"\nanswer = 31\ntolerance = true', where("tolerance") + "a number (0 or more); found True."),
    ('type = "numeric"\nanswer = 31\ntolerance = -0.5', where("tolerance") + "a number (0 or more); found -0.5."),
    # free
    ('type = "free"', where("rubric") + "a list of rubric criteria; found []."),
    (
        'type = "free"\nrubric = ["cites a paragraph"]\nanswer = "Macron objected"',
        where("answer") + "no key (free text is scored by the instructor; use model_answer); found 'Macron objected'.",
    ),
]


@pytest.mark.parametrize("record, message", REFUSED, ids=[m.split("field ")[1][:40] for _, m in REFUSED])
def test_each_bank_rule_refuses_with_a_message_naming_field_expected_and_found(tmp_path, record, message):
    assert refusal(tmp_path, record) == message


@pytest.mark.parametrize(
    "record",
    [
        'type = "single"\noptions = ["a", "b"]\nanswer = "b"',  # two options are enough
        'type = "multiple"\noptions = ["a", "b"]\nanswer = ["a", "b"]',  # every option may be right
        'type = "multiple"\noptions = ["a", "b"]\nanswer = ["b"]',
        'type = "multiple"\noptions = ["a", "b"]\ngraded = true',  # a withheld key (graded item)
        'type = "single"\noptions = ["a", "b"]\ngraded = true',
        'type = "matching"\nitems = ["x", "y"]\nchoices = ["p", "q"]\nanswer = ["q", "q"]',  # a choice used twice
        'type = "matching"\nitems = ["x", "y"]\nchoices = ["p", "q"]\ngraded = true',
        'type = "text"\nanswer = "Vilnius"\naccept = ["Wilno"]',
        'type = "text"\ngraded = true',
        'type = "numeric"\nanswer = 3.5\ntolerance = 0',
        'type = "numeric"\nanswer = 31\ntolerance = 0.5',
        'type = "numeric"\ngraded = true',
        'type = "free"\nrubric = ["cites a paragraph"]\nmodel_answer = "Macron objected"',
    ],
)
def test_good_records_load(tmp_path, record):
    assert load_record(tmp_path, record).id == "x-1"


# -- the registry ------------------------------------------------------------------------------------------------


def test_a_type_without_a_name_is_refused():
    with pytest.raises(ValueError) as err:
        types.register(ExerciseType())
    assert str(err.value) == "an exercise type needs a name"


def test_a_registered_type_is_found_by_name(monkeypatch):
    class Poll(ExerciseType):
        name = "poll"

    monkeypatch.setattr(types, "REGISTRY", dict(types.REGISTRY))  # the kit's registry is left as it was
    kind = Poll()
    assert types.register(kind) is kind
    assert controller("poll") is kind
    assert controller(ex("poll")) is kind


# -- small shared helpers ----------------------------------------------------------------------------------------


def test_ordinals_as_written_in_english():
    # Hand table: 11th-13th in every hundred, otherwise by the last digit.
    table = {
        1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th", 13: "13th", 14: "14th",
        20: "20th", 21: "21st", 22: "22nd", 23: "23rd", 100: "100th", 101: "101st", 111: "111th", 112: "112th",
        121: "121st", 1021: "1021st", 1013: "1013th",
    }  # fmt: skip
    assert {n: ordinal(n) for n in table} == table


def test_slugs_are_lower_case_words_joined_by_hyphens():
    assert is_slug("canary-islands") and is_slug("palma-de-mallorca") and is_slug("article-6")
    assert not is_slug("nato")  # one word: a name, not an id
    assert not is_slug("Canary-Islands") and not is_slug("canary islands") and not is_slug("canary--islands")
    assert not is_slug("ĉeuta-city")


def test_an_unknown_option_lists_every_option_as_shown():
    exercise = ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius")
    with pytest.raises(FormError) as err:
        types.parse(exercise, "Tallinn")
    assert str(err.value) == "'Tallinn' is not one of the options. Choose from: 'Oslo'; 'Vilnius'; 'Riga'."


def test_describe_key_shows_the_key_or_nothing_when_withheld():
    assert types.describe_key(ex("single", options=["Oslo", "Vilnius"], answer="Vilnius")) == "Vilnius"
    assert types.describe_key(ex("single", options=["Oslo", "Vilnius"])) == ""
    assert types.describe_key(ex("multiple", options=["a", "b", "c"], answer=["a", "c"])) == "a; c"
    assert types.describe_key(ex("multiple", options=["a", "b"])) == ""
    assert types.describe_key(ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"])) == ""
    assert types.describe_key(ex("numeric", tolerance=1)) == ""
    assert types.describe_key(ex("text", answer="Vilnius", accept=["Wilno"])) == "Vilnius"
    assert types.describe_key(ex("text")) == ""
    assert types.describe_key(ex("numeric", answer=1234.5, unit="km")) == "1,234.5 km"


# -- key texts the student release must not contain --------------------------------------------------------------


def test_key_texts_keep_accents_as_a_release_file_would():
    # A release is UTF-8 JSON written with ensure_ascii=False: "Québec", never "Qu\\u00e9bec".
    single = ex("single", options=["Québec", "Oslo"], answer="Québec")
    assert controller(single).key_texts(single) == ['"answer": "Québec"']
    ordering = ex("ordering", items=["Oslo", "Québec"], answer=["Québec", "Oslo"])
    assert controller(ordering).key_texts(ordering) == ['"answer": ["Québec", "Oslo"]', '["Québec", "Oslo"]']
    multiple = ex("multiple", options=["Québec", "Oslo", "Riga"], answer=["Québec", "Oslo"])
    assert controller(multiple).key_texts(multiple) == ['"answer": ["Québec", "Oslo"]']  # not the bare list
    text = ex("text", answer="Vilnius", accept=["Wilno", "Vilnius (Lietuvà)"])
    assert controller(text).key_texts(text) == ['"answer": "Vilnius"', '"accept": ["Wilno", "Vilnius (Lietuvà)"]']


def test_matching_key_texts_pair_each_long_item_with_its_choice():
    item30 = "Geography is stubborn, he said"  # 30 characters: long enough to be printed beside its choice
    item29 = "Geography is stubborn, he sai"
    assert (len(item30), len(item29)) == (30, 29)
    exercise = ex("matching", items=[item30, item29], choices=["Macron", "Kishida"], answer=["Macron", "Kishida"])
    found = controller(exercise).key_texts(exercise)
    assert f"{item30} Macron" in found
    assert f"{item29} Kishida" not in found
    withheld = ex("matching", items=[item30, item29], choices=["Macron", "Kishida"])
    assert controller(withheld).key_texts(withheld) == []


def test_free_text_key_texts_are_the_model_answer_only_when_there_is_one():
    assert controller("free").key_texts(ex("free", rubric=["r"], model_answer="Macron objected.")) == [
        "Macron objected."
    ]
    assert controller("free").key_texts(ex("free", rubric=["r"])) == []


# -- scores, feedback, wrong parts -------------------------------------------------------------------------------


def test_numeric_feedback_and_direction():
    exercise = ex("numeric", answer=31, tolerance=2)
    assert check_answer(exercise, 33).status == "correct"  # the tolerance is inclusive
    assert types.wrong_parts(exercise, 33) == [] and types.wrong_parts(exercise, 31) == []
    assert types.wrong_parts(exercise, 34) == ["34"]
    assert types.score(exercise, 34, practice=False) == (0.0, ["Not quite: check how you counted or read the table."])
    assert types.score(exercise, 34, practice=True) == (
        0.0,
        ["Not quite: check how you counted or read the table. Your answer is too high."],
    )
    assert types.score(exercise, 28, practice=True)[1] == [
        "Not quite: check how you counted or read the table. Your answer is too low."
    ]


def test_numeric_feedback_is_keyed_by_the_exact_number_a_student_typed():
    # Regression: a number of more than six significant digits was keyed as "1.23457e+06" (format :g).
    exercise = ex("numeric", answer=1234567.5, feedback={"1234566.5": "One off: count the last row again."})
    assert types.wrong_parts(exercise, 1234566.5) == ["1234566.5"]
    assert check_answer(exercise, "1,234,566.5").messages == ["One off: count the last row again."]


def test_wrong_parts_of_a_withheld_key_are_empty():
    assert controller("multiple").wrong_parts(ex("multiple", options=["a", "b"]), ["a"]) == []
    assert controller("numeric").wrong_parts(ex("numeric"), 3) == []
    assert controller("text").wrong_parts(ex("text"), "Riga") == []


# -- widgets, as a student gets them -----------------------------------------------------------------------------


def test_single_is_a_named_radio_group_of_the_options_shown_whole():
    exercise = ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius")
    inputs = types.widget(exercise)
    assert list(inputs.controls) == ["answer"]
    buttons = inputs.controls["answer"]
    assert type(buttons).__name__ == "RadioGroup"
    assert buttons.description == "Choose one answer"
    assert buttons.options == [("Oslo", "Oslo"), ("Vilnius", "Vilnius"), ("Riga", "Riga")]
    assert inputs.read() is None  # nothing chosen yet
    inputs.restore("Riga")
    assert inputs.read() == "Riga"
    inputs.restore("Tallinn")  # a stale saved answer changes nothing
    assert inputs.read() == "Riga"


def test_multiple_is_a_named_group_of_check_boxes():
    exercise = ex("multiple", options=["France", "China", "Japan"], answer=["France", "Japan"])
    inputs = types.widget(exercise)
    assert list(inputs.controls) == ["answer"]
    boxes = inputs.controls["answer"]
    assert type(boxes).__name__ == "CheckGroup"
    assert boxes.description == "Tick every answer that applies"
    assert boxes.options == [("France", "France"), ("China", "China"), ("Japan", "Japan")]
    assert inputs.read() == []
    inputs.restore(["Japan", "France"])
    assert inputs.read() == ["France", "Japan"]  # in the options' order
    inputs.restore("France")  # not a saved list: clears rather than ticking letters
    assert inputs.read() == []
    inputs.restore(["France"])
    inputs.restore(None)  # nothing saved: clears, without an error
    assert inputs.read() == []


def test_matching_offers_one_numbered_list_per_item_starting_on_the_placeholder():
    exercise = ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"])
    inputs = types.widget(exercise)
    menus = list(inputs.controls.values())
    assert list(inputs.controls) == ["Macron", "Kishida"]
    assert [m.description for m in menus] == ["1. Macron", "2. Kishida"]
    assert [m.placeholder for m in menus] == ["(choose)", "(choose)"]
    assert [m.options for m in menus] == [[("France", "France"), ("Japan", "Japan")]] * 2
    assert inputs.read() == [None, None]
    inputs.restore(["Japan", "France"])
    assert inputs.read() == ["Japan", "France"]
    for stale in (None, ["France"], 3):  # a saved value of another shape is left alone, without an error
        inputs.restore(stale)
        assert inputs.read() == ["Japan", "France"]


def test_ordering_shows_the_items_then_one_list_per_position():
    exercise = ex("ordering", items=["Delta", "Alpha", "Charlie"], answer=["Alpha", "Charlie", "Delta"])
    inputs = types.widget(exercise)
    layout = inputs.layout()
    assert layout[0].value == "<div>Items to order: Delta; Alpha; Charlie</div>"
    assert layout[1:] == list(inputs.controls.values())
    assert [m.description for m in layout[1:]] == ["1st:", "2nd:", "3rd:"]
    assert [m.placeholder for m in layout[1:]] == ["(choose)"] * 3
    inputs.restore(["Charlie"])  # a stale, shorter answer fills what it can
    assert inputs.read() == ["Charlie", None, None]


def test_numeric_box_names_its_unit_and_restores_the_exact_number():
    inputs = types.widget(ex("numeric", answer=9448, unit="km"))
    box = inputs.controls["answer"]
    assert (type(box).__name__, box.description, box.placeholder) == ("Text", "Answer (km)", "type a number")
    assert types.widget(ex("numeric", answer=31)).controls["answer"].description == "Answer"
    for saved, shown in ((12345678, "12345678"), (1234567.5, "1234567.5"), (2.25, "2.25")):
        inputs.restore(saved)
        assert box.value == shown
        assert types.parse(ex("numeric", answer=9448, unit="km"), inputs.read()) == saved
    inputs.restore(True)  # not a number: left alone
    assert box.value == "2.25"


def test_text_box():
    inputs = types.widget(ex("text", answer="Vilnius"))
    assert list(inputs.controls) == ["answer"]
    box = inputs.controls["answer"]
    assert (type(box).__name__, box.description, box.placeholder) == ("Text", "Answer", "type your answer")
    inputs.restore("Vilnius")
    assert inputs.read() == "Vilnius"


def test_free_text_area_counts_words_and_says_when_the_text_changed_since_the_check():
    inputs = types.widget(ex("free", rubric=["cites a paragraph"]))
    box = inputs.controls["answer"]
    count = inputs.layout()[1]
    assert inputs.layout()[0] is box
    assert (type(box).__name__, box.description, box.placeholder) == ("Textarea", "Your answer", "write here")
    assert box.continuous_update is True  # the count follows each keystroke
    assert count.value == "0 words"
    box.value = "Geography"
    assert count.value == "1 word"
    box.value = "Geography is stubborn"
    assert count.value == "3 words"
    assert inputs.read() == "Geography is stubborn"
    box.value = "Geography is stubborn, said Macron"
    assert count.value == "5 words · changed since your last check: press Check to save it"
    inputs.restore("Saved text")
    assert (box.value, count.value) == ("Saved text", "2 words")
    box.value = "Saved text, edited"
    assert count.value == "3 words · changed since your last check: press Check to save it"


def test_typed_boxes_show_their_whole_label_and_sync_on_leaving_by_default():
    line = typed("Answer", "type here")
    assert (type(line).__name__, line.value, line.description, line.placeholder) == ("Text", "", "Answer", "type here")
    assert line.continuous_update is False and line.style.description_width == "initial"
    area = typed("Your answer", "write", area=True)
    assert (type(area).__name__, area.value, area.description, area.placeholder) == (
        "Textarea",
        "",
        "Your answer",
        "write",
    )
    assert area.continuous_update is False and area.style.description_width == "initial"
    assert (area.layout.width, area.layout.height) == ("95%", "8em")
    assert typed("A", "b", continuous=True).continuous_update is True
    assert typed("A", "b", area=True, continuous=True).continuous_update is True


def test_a_label_is_escaped_html_across_the_width():
    shown = label("Ceuta & Melilla <Spain>")
    assert shown.value == "<div>Ceuta &amp; Melilla &lt;Spain&gt;</div>"
    assert shown.layout.width == "95%"


# -- numbers as students type them -------------------------------------------------------------------------------

# Hand table from the documented rules (numeric.py): an optional sign, ASCII digits with one thousands separator
# (",", space, no-break or thin space, "_") only between two digits, an optional decimal part, then a unit; a
# final full stop ends the sentence. Anything else that follows the number directly is not a number.
READ = [
    ("9,448 km", (9448, "km")),
    ("-1 200.5", (-1200.5, "")),
    ("+12", (12, "")),
    ("12.", (12, "")),
    ("12 km.", (12, "km")),
    ("12.50", (12.5, "")),
    ("-0.5", (-0.5, "")),
    ("007", (7, "")),
    ("1_000", (1000, "")),
    ("1\u00a0000", (1000, "")),
    ("1\u202f000", (1000, "")),
    ("1\u2009000", (1000, "")),
    ("3.5x", (3.5, "x")),
    ("1,000,000", (1000000, "")),
    ("1,,000", None),
    ("1 , 2", None),
    ("1.2.3", None),
    ("km 12", None),
    ("-", None),
    ("", None),
    ("٣", None),  # an Arabic-Indic digit is a digit to Python, not to the kit
    ("1٣", None),
    ("1,٣", None),
    ("3.٣", None),
    ("12,", None),  # a comma not followed by a digit
    ("1,a", None),
    ("1,0", (10, "")),  # a separator between two digits, even the last two
    ("X12", None),
    ("--12", None),
]


@pytest.mark.parametrize("text, found", READ)
def test_read_number_by_hand(text, found):
    from kit.exercises.types.numeric import read_number

    assert read_number(text) == found
    if found is not None:
        assert type(read_number(text)[0]) is type(found[0])  # 12 stays an int, 12.5 a float


def numeric_refusal(exercise, value) -> str:
    with pytest.raises(FormError) as err:
        types.parse(exercise, value)
    return str(err.value)


def test_numeric_parse_messages():
    km = ex("numeric", answer=9448, tolerance=95, unit="km")
    plain = ex("numeric", answer=31)
    assert numeric_refusal(km, True) == "Give a number, in km (e.g. '1200 km' or 1200), not True or False."
    assert numeric_refusal(km, "many") == "'many' is not a number. Give a number, in km (e.g. '1200 km' or 1200)."
    assert numeric_refusal(plain, "x" * 45) == f"'{'x' * 39}…' is not a number. Give a number, e.g. 12."
    assert numeric_refusal(km, "12 miles") == "Give the answer in km, not in 'miles'."
    assert numeric_refusal(km, "12 " + "m" * 45) == f"Give the answer in km, not in '{'m' * 39}…'."
    assert types.parse(plain, "31 members") == 31  # without a unit in the bank, any word may follow
    assert numeric_refusal(plain, "1" * 101) == (
        "The answer is 101 characters long; a number may have at most 100. Shorten it and check again."
    )
    too_large = "That number is too large to be the answer. Give a number, e.g. 12."
    for value in (10**15 + 1, 1e16, "2,000,000,000,000,000", float("nan"), float("inf"), -1e16):
        assert numeric_refusal(plain, value) == too_large, value
    assert types.parse(plain, 10**15) == 10**15 and types.parse(plain, "-1000000000000000") == -(10**15)


def test_numeric_parse_gives_canonical_numbers():
    from fractions import Fraction

    km = ex("numeric", answer=9448, tolerance=95, unit="km")
    assert types.parse(km, "9448 KM.") == 9448  # units compare after normalising
    assert types.parse(km, "9,448") == 9448  # the unit may be left out
    for value, canonical in ((2.0, 2), ("2.0", 2), (2.5, 2.5), (Fraction(5, 2), 2.5), ("1 200.5", 1200.5)):
        found = types.parse(km, value)
        assert (found, type(found)) == (canonical, type(canonical)), value
    assert types.expected_form(ex("numeric", answer=31)) == "a number, e.g. 12"


# -- choosing among named options --------------------------------------------------------------------------------


def refused(exercise, value) -> str:
    with pytest.raises(FormError) as err:
        types.parse(exercise, value)
    return str(err.value)


CITIES = ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius")


def test_an_option_is_found_by_its_text_however_it_is_typed():
    for typed_text in ("Vilnius", "  the VILNIUS! ", "vilnius."):
        assert types.parse(CITIES, typed_text) == "Vilnius"


def test_a_value_that_is_not_text_is_named_back():
    assert refused(CITIES, 3) == "Give the text of one of the options, e.g. 'Oslo'; got int 3."
    assert refused(CITIES, 2.5) == "Give the text of one of the options, e.g. 'Oslo'; got float 2.5."
    assert refused(CITIES, None) == "Give the text of one of the options, e.g. 'Oslo'; got NoneType None."
    assert refused(CITIES, ["Oslo"]) == "Give the text of one of the options, e.g. 'Oslo'; got list …."
    assert refused(CITIES, 10**5000) == "Give the text of one of the options, e.g. 'Oslo'; got int …."
    assert refused(CITIES, 10**70) == f"Give the text of one of the options, e.g. 'Oslo'; got int {'1' + '0' * 58}…."


def test_a_long_or_unknown_text_lists_the_options():
    choose = "Choose from: 'Oslo'; 'Vilnius'; 'Riga'."
    assert refused(CITIES, "x" * 501) == f"An answer of 501 characters is not one of the options. {choose}"
    assert refused(CITIES, "x" * 500) == f"'{'x' * 59}…' is not one of the options. {choose}"
    assert refused(CITIES, "x" * 60) == f"'{'x' * 60}' is not one of the options. {choose}"


def test_a_case_id_is_shown_and_found_by_its_name_in_the_case():
    # The name is read here from the case's places.csv with the csv module, not through the kit.
    import csv

    from kit.core.paths import SEEDS

    with open(SEEDS / "places.csv", encoding="utf-8", newline="") as handle:
        name = {row["id"]: row["name"] for row in csv.DictReader(handle)}["canary-islands"]
    exercise = ex("single", options=["canary-islands", "ceuta"], answer="canary-islands")
    exercise.id = "t-canary"  # its own id: option tables are remembered per exercise
    assert types.parse(exercise, name) == "canary-islands"
    assert types.parse(exercise, "canary-islands") == "canary-islands"
    assert types.widget(exercise).controls["answer"].options[0] == (name, "canary-islands")
    assert types.describe_key(exercise) == name


def test_case_names_come_from_the_case_folder_a_place_winning_over_an_actor(tmp_path, monkeypatch):
    from kit.exercises.types import base

    (tmp_path / "actors.csv").write_text("id,name\nnato-hq,The Alliance\n , Blank id\nno-name,\n", encoding="utf-8")
    (tmp_path / "places.csv").write_text("id,name\nnato-hq,Brussels headquarters\nfar-isle,Far Isle\n", "utf-8")
    monkeypatch.setenv("KIT_CASE_DIR", str(tmp_path))
    monkeypatch.setattr(base, "_NAMES", None)
    assert base.label_of(CITIES, "nato-hq") == "Brussels headquarters"
    assert base.label_of(CITIES, "far-isle") == "Far Isle"
    assert base.label_of(CITIES, "no-name") == "no-name"  # a row without a name leaves the id as it is
    assert base.label_of(CITIES, "Far-Isle") == "Far-Isle"  # not an id: shown as written
    monkeypatch.setattr(base, "_NAMES", None)
    (tmp_path / "places.csv").unlink()  # no places file: actors still named
    assert base.label_of(CITIES, "nato-hq") == "The Alliance"
    monkeypatch.setattr(base, "_NAMES", None)
    (tmp_path / "actors.csv").write_bytes(b"id,name\nx-y,\xff\xfe\n")  # not UTF-8: ids as they are
    assert base.label_of(CITIES, "x-y") == "x-y"
    monkeypatch.setattr(base, "_NAMES", None)


def test_case_names_read_as_csv_in_utf8_whatever_the_machine(tmp_path, monkeypatch):
    from kit.exercises.types import base

    # No actors file: the places are still read. A row with an empty id adds nothing; a quoted name keeps
    # its line break exactly (the csv module's rule: open with newline=""); accents survive a cp1252 machine.
    (tmp_path / "places.csv").write_bytes(
        b'id,name\r\n,No id\r\nsao-tome,S\xc3\xa3o Tom\xc3\xa9\r\ntwo-lines,"Line one\r\nline two"\r\n'
    )
    monkeypatch.setenv("KIT_CASE_DIR", str(tmp_path))
    real_open = open

    def cp1252_default(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, **kw):
        return real_open(file, mode, buffering, encoding or "cp1252", errors, newline, **kw)

    monkeypatch.setattr(base, "open", cp1252_default, raising=False)
    assert base._case_names() == {"sao-tome": "S\u00e3o Tom\u00e9", "two-lines": "Line one\r\nline two"}


NORMALISED = [
    ("  The Tropic-of-Cancer! ", "tropic of cancer"),
    ("Ĉeuta — the “Tropic”!", "ceuta the tropic"),
    ("the", "the"),  # a lone article is the whole answer
    ("a a 0", "0"),
    ("The an A b", "b"),
    ("Straße", "strasse"),
    ("snake_case", "snake case"),
    ("ﬁnal", "final"),
    ("!!!", ""),
    ("", ""),
    ("Théâtre  de\tl'Europe", "theatre de l europe"),
    ("another", "another"),
]


@pytest.mark.parametrize("text, normal", NORMALISED)
def test_normalise_text_by_hand(text, normal):
    assert types.normalise_text(text) == normal


# -- matching ----------------------------------------------------------------------------------------------------

LEADERS = ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"])


def test_matching_reads_a_dict_by_item_or_a_list_in_order():
    assert types.parse(LEADERS, {"kishida": "japan", "MACRON": "France"}) == ["France", "Japan"]
    assert types.parse(LEADERS, {"Macron": "France", "Kishida": "Japan", 3: "x", "y" * 1001: "z"}) == [
        "France",
        "Japan",
    ]
    assert types.parse(LEADERS, ["japan", "the France"]) == ["Japan", "France"]
    assert types.parse(LEADERS, ("France", "France")) == ["France", "France"]


def test_matching_refusals():
    form = "a dict from each item to one of ['France', 'Japan'], or a list of choices in the order of the items"
    assert types.expected_form(LEADERS) == form
    assert refused(LEADERS, "France, Japan") == f"Give {form}."
    assert refused(LEADERS, ["France"]) == "Give one choice for each of the 2 items, in order."
    assert refused(LEADERS, {"Macron": "France"}) == "Give a choice for every item; missing: 'Kishida'."
    assert refused(LEADERS, {"y" * 1001: "France"}) == "Give a choice for every item; missing: 'Macron'; 'Kishida'."
    full = {"Macron": "France", "Kishida": "Japan"} | {f"k{n}": "France" for n in range(198)}
    assert types.parse(LEADERS, full) == ["France", "Japan"]  # 200 entries are read
    big = {f"k{n}": "France" for n in range(201)}
    assert refused(LEADERS, big) == "The answer has 201 entries; give one for each of the 2 items."
    assert refused(LEADERS, [None, "Japan"]) == "Choose an answer for every item; still open: 'Macron'."
    assert refused(LEADERS, ["", ""]) == "Choose an answer for every item; still open: 'Macron'; 'Kishida'."
    assert refused(LEADERS, {"Macron": None, "Kishida": "Japan"}) == (
        "Choose an answer for every item; still open: 'Macron'."
    )
    assert refused(LEADERS, ["France", "Korea"]) == "'Korea' is not one of the choices. Choose from: 'France'; 'Japan'."


def test_matching_partial_credit_and_feedback_by_item():
    exercise = ex(
        "matching", items=["Macron", "Kishida", "Stoltenberg"], choices=["France", "Japan", "NATO"],
        answer=["France", "Japan", "NATO"], feedback={"Kishida": "Kishida is Japan's prime minister."},
    )  # fmt: skip
    assert types.score(exercise, ["France", "Japan", "NATO"]) == (1.0, ["Well done."])
    assert types.score(exercise, ["France", "NATO", "Japan"]) == (
        pytest.approx(1 / 3),
        ["Kishida is Japan's prime minister.", "Look again at: Stoltenberg"],
    )
    assert types.describe_key(exercise) == "Macron → France; Kishida → Japan; Stoltenberg → NATO"


# -- multiple ----------------------------------------------------------------------------------------------------

ABCD = ex("multiple", options=["a", "b", "c", "d"], answer=["a", "c"], feedback={"d": "d is a trap."})


@pytest.mark.parametrize(
    "value, share, messages",
    [
        (["a", "c"], 1.0, ["Well done."]),
        (["a"], 0.5, ["You missed 1 option that belongs."]),
        (["a", "b"], 0.0, ["'b' does not belong.", "You missed 1 option that belongs."]),
        (["d", "b"], 0.0, ["'b' does not belong.", "d is a trap.", "You missed 2 options that belong."]),
        (["a", "c", "d"], 0.5, ["d is a trap."]),
        (["a", "b", "c", "d"], 0.0, ["'b' does not belong.", "d is a trap."]),
    ],
)
def test_multiple_partial_credit_by_hand(value, share, messages):
    # (right picks - wrong picks) / right options, never below 0 (exercises/README.md).
    assert types.score(ABCD, value) == (share, messages)


def test_multiple_with_three_right_options():
    exercise = ex("multiple", options=["a", "b", "c", "d"], answer=["a", "b", "c"])
    assert types.score(exercise, ["a"]) == (pytest.approx(1 / 3), ["You missed 2 options that belong."])
    assert types.score(exercise, ["a", "b", "d"]) == (
        pytest.approx(1 / 3),
        ["'d' does not belong.", "You missed 1 option that belongs."],
    )


def test_multiple_reads_a_text_a_set_or_a_list():
    assert types.parse(ABCD, "C") == ["c"]
    assert types.parse(ABCD, {"c", "a"}) == ["a", "c"]
    assert types.parse(ABCD, frozenset({"d", "a", "b", "c"})) == ["a", "b", "c", "d"]
    assert types.parse(ABCD, ["c", "a", "C"]) == ["a", "c"]
    form = "a list of the options you choose, e.g. ['a', 'b']"
    assert types.expected_form(ABCD) == form
    assert refused(ABCD, []) == "Choose at least one option before checking."
    assert refused(ABCD, {"a", "b", "c", "d", "e"}) == f"Give {form}."  # a set larger than the options
    assert refused(ABCD, ["a"] * 201) == f"The answer has 201 entries; at most 200 are read. Give {form}."
    assert types.parse(ABCD, ["a"] * 200) == ["a"]


# -- texts -------------------------------------------------------------------------------------------------------


def test_text_answers_are_bounded_with_a_message_that_says_why():
    text = ex("text", answer="Vilnius")
    assert refused(text, 3) == "Write a short answer as text (between quotation marks in code); got int."
    assert refused(text, "  \n ") == "The answer is empty: write a short answer."
    assert refused(text, "x" * 501) == (
        "The answer is 501 characters long; a short answer may have at most 500. Shorten it and check again."
    )
    assert types.parse(text, " " + "x" * 500 + " ") == "x" * 500
    free = ex("free", rubric=["r"])
    assert refused(free, "x" * 20_001) == (
        "The answer is 20,001 characters long; a written answer may have at most 20,000. Shorten it and check again."
    )
    assert types.parse(free, "x" * 20_000) == "x" * 20_000
    assert types.expected_form(text) == "a short text, e.g. 'NATO'"
    assert types.expected_form(CITIES) == "one of the options, as text, e.g. 'Oslo'"


def test_text_is_right_by_its_whole_or_its_head_and_feedback_follows_the_normalised_text():
    exercise = ex("text", answer="Vilnius", accept=["Wilno"], feedback={"riga": "Riga is the capital of Latvia."})
    for right in ("Vilnius", "the vilnius!", "Vilnius, Lithuania", "Vilnius (Lithuania)", "WILNO"):
        assert types.score(exercise, right) == (1.0, ["Well done."]), right
    assert types.score(exercise, "Not Vilnius, Riga") == (
        0.0,
        ["Not the answer the sources support: check the passage again."],
    )
    assert types.score(exercise, "The Riga!") == (0.0, ["Riga is the capital of Latvia."])
    assert types.score(exercise, "Riga, Latvia") == (0.0, ["Riga is the capital of Latvia."])  # by its head
    assert types.wrong_parts(exercise, "The Riga!") == ["riga"]


def test_readings_and_heads_by_hand():
    from kit.exercises.types.base import head_of
    from kit.exercises.types.text import readings

    assert readings("The Vilnius, Lithuania") == ["vilnius lithuania", "vilnius"]
    assert readings("Vilnius") == ["vilnius"]
    assert readings("(Vilnius)") == ["vilnius"]  # an empty head is no reading
    assert readings("Vilnius,") == ["vilnius"]  # the head is the whole
    heads = {"Vilnius, Lithuania": "Vilnius", "Vilnius (Lithuania), LT": "Vilnius", "A (b, c)": "A",
             "no cut": "no cut", "x (a) (b)": "x", " x , y": "x", ",x": "", "(x": ""}  # fmt: skip
    assert {text: head_of(text) for text in heads} == heads


def test_single_feedback_by_option():
    exercise = ex("single", options=["Oslo", "Vilnius", "Riga"], answer="Vilnius", feedback={"Riga": "Latvia."})
    assert types.score(exercise, "Vilnius") == (1.0, ["Well done."])
    assert types.score(exercise, "Riga") == (0.0, ["Latvia."])
    assert types.score(exercise, "Oslo") == (0.0, ["Not this one: re-read the passage and the options."])


def test_practice_follows_the_graded_flag_unless_asked():
    graded, practice = ex("numeric", answer=31), ex("numeric", answer=31, graded=False)
    plain = "Not quite: check how you counted or read the table."
    assert types.score(graded, 40) == (0.0, [plain])
    assert types.score(practice, 40) == (0.0, [plain + " Your answer is too high."])
    assert types.score(graded, 40, practice=True) == (0.0, [plain + " Your answer is too high."])
    assert types.score(practice, 40, practice=False) == (0.0, [plain])


def test_key_needles_of_a_graded_item_only():
    graded = ex(
        "single", options=["Oslo", "Vilnius"], answer="Vilnius", explanation="Vilnius hosted the summit.",
        feedback={"Oslo": "Oslo hosted 2024's meeting.", "x": "Vilnius hosted the summit."},
    )  # fmt: skip
    assert types.key_needles(graded) == [
        "Vilnius hosted the summit.",
        "Oslo hosted 2024's meeting.",
        '"answer": "Vilnius"',
    ]
    graded.graded = False
    assert types.key_needles(graded) == []


def test_a_matching_answer_key_of_up_to_1000_characters_is_read():
    exercise = ex("matching", items=["Macron", "Kishida"], choices=["France", "Japan"], answer=["France", "Japan"])
    padded = "Macron" + " " * 994  # 1,000 characters, which normalise to the item's name
    parsed = types.parse(exercise, {padded: "France", "Kishida": "Japan"})
    assert parsed == types.parse(exercise, {"Macron": "France", "Kishida": "Japan"})
    longer = {padded + " ": "France", "Kishida": "Japan"}  # 1,001 characters: not read as a key
    assert refused(exercise, longer) == "Give a choice for every item; missing: 'Macron'."


def test_a_refused_number_or_unit_is_quoted_whole_up_to_40_characters():
    exercise = ex("numeric", answer=5, unit="km")
    assert refused(exercise, "x" * 40).startswith(f"'{'x' * 40}' is not a number.")
    assert refused(exercise, "x" * 41).startswith(f"'{'x' * 39}…' is not a number.")
    assert refused(exercise, "5 " + "y" * 40) == f"Give the answer in km, not in '{'y' * 40}'."
    assert refused(exercise, "5 " + "y" * 41) == f"Give the answer in km, not in '{'y' * 39}…'."


def test_a_number_keeps_the_form_it_was_typed_in():
    from kit.exercises.types.numeric import read_number

    # "2.0" was typed with a decimal point: it stays a float (shown back as 2.0); "2" stays a whole number.
    assert [(value, type(value)) for value, _ in (read_number("2.0"), read_number("2"))] == [(2.0, float), (2, int)]
    assert read_number("1.x") is None  # a point must be followed by a digit to start decimals
    exercise = ex("numeric", answer=31)
    # A whole answer is stored as a whole number, however it came (a widget may hand over 31.0).
    assert [type(types.parse(exercise, value)) for value in (31, 31.0, 31.5, "31.0")] == [int, int, float, int]


def test_normalise_text_reads_any_value_as_text():
    from kit.exercises.types.base import normalise_text

    class Shouting(str):
        def __str__(self):
            return "SHOUTED"

    assert normalise_text(Shouting("Oslo")) == "oslo"  # the text itself, whatever its class claims
    assert normalise_text(5) == "5" and normalise_text(None) == "none"

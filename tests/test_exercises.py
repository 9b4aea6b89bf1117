"""The exercise bank: its size and levels, every key recomputed from an independent source, and teaching quality.

Keys come from three places, and each has its own check here: the case data (recomputed from the tables), the
texts (the treaty, the article, the research rows: the words must be there), and Article 6 applied by hand to
places no table shows (the hand-read keys are in the bank; the engine recomputes them from the places' facts).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from collections import Counter

import pytest

from kit.exercises.bank import LEVELS, TYPES, load_bank
from kit.geography.article6 import Place, article6, verdict_table
from kit.geography.geo import great_circle_km

from .conftest import ROOT


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def name(case, actor_id):
    return case.actors.loc[actor_id, "name"]


def speaker_names(case, statement_ids):
    return [name(case, case.statements.loc[s, "speaker"]) for s in statement_ids]


def by_date(case, table, ids, column="date"):
    frame = getattr(case, table)
    return sorted(ids, key=lambda i: str(frame.loc[i, column]))


def long_date(value) -> str:
    return f"{value.day} {value:%B %Y}"


ACCESSION = {"Greece and Turkey": "GRC", "Germany": "DEU", "Spain": "ESP", "Finland": "FIN", "Sweden": "SWE"}
EVENT_ITEMS = {
    "The North Atlantic Treaty is signed": "treaty-signed",
    "The Protocol on the accession of Greece and Turkey is signed": "protocol-signed",
    "The clauses on the Algerian Departments of France become inapplicable": "algeria-clause-lapses",
    "Finland joins NATO": "finland-joins",
    "The Vilnius summit opens": "summit-opens",
    "Sweden joins NATO": "sweden-joins",
}
CHINA_ITEMS = ["ctx-nikkei-plan", "ctx-cn-2023-05-04", "ctx-cn-2023-05-12", "ctx-cn-2023-07-12-mission"]
CHINA_ITEMS += ["ctx-cn-2023-07-13-lithuania"]


def expected_keys(case, bank):
    """The key of every data-derived exercise, recomputed from the case data (not read from the bank)."""
    brussels, tokyo = case.place("brussels"), case.place("tokyo")
    state_media = [s.publisher.split(" (")[0] for _, s in case.sources.iterrows() if "State media" in s.note]
    return {
        "actors-2": "a " + case.statements.loc["france-opposes", "kind"],
        "actors-4": speaker_names(
            case, ["macron-geography-stubborn", "stoltenberg-security-global", "kishida-enthusiasm", "us-advocating"]
        ),
        "actors-5": case.stance("kishida", "office").stance,
        "actors-6": case.actors.loc[case.actors.loc["stoltenberg", "speaks_for"], "name"],
        "actors-7": len(case.quotes()),
        "geo-2": next(c.words for c in article6("ankara").clauses if c.outcome == "applies").removeprefix("on "),
        "geo-3": round(great_circle_km((brussels.lat, brussels.lon), (tokyo.lat, tokyo.lon))),
        "geo-4": long_date(case.events.loc["algeria-clause-lapses", "date"]),
        "geo-8": [k for k in sorted(ACCESSION, key=lambda n: case.members.loc[ACCESSION[n], "joined"])],
        "china-1": [bank["china-1"].answer[CHINA_ITEMS.index(i)] for i in by_date(case, "context", CHINA_ITEMS)],
        "china-2": case.context.loc["ctx-cn-2023-05-12", "speaker"],
        "china-5": sorted(state_media),
        "china-7": long_date(dt.date.fromisoformat(case.context.loc["ctx-cn-2023-05-04", "date"])),
        "synth-5": len(case.members_on("2023-07-11")),
        "synth-11": len(case.members_on("2023-03-01")),
        "synth-11-practice": len(case.members_on("1980-01-01")),
        "synth-6": sorted(EVENT_ITEMS, key=lambda item: case.events.loc[EVENT_ITEMS[item], "date"]),
        "synth-7": case.place("vilnius")["name"],
    }


# Places no table of the lessons shows, described by their facts (sovereignty on the date, continent, island, sea
# area, latitude from an atlas). The bank's keys for them were read by hand from Article 6's clauses; here the
# engine recomputes them from these facts alone.
HAND_READ_PLACES = {
    "Tórshavn": (Place("Tórshavn", "DNK", "Europe", True, "North Atlantic", 62.01), "2023-07-11"),
    "Nouméa": (Place("Nouméa", "FRA", "Oceania", True, "Pacific", -22.27), "2023-07-11"),
    "İzmir": (Place("İzmir", "TUR", "Asia", False, "Mediterranean", 38.42), "2023-07-11"),
    "Kaliningrad": (Place("Kaliningrad", "RUS", "Europe", False, "Baltic Sea", 54.71), "2023-07-11"),
    "Tampere": (Place("Tampere", "FIN", "Europe", False, "none", 61.50), "2023-03-01"),
    "Oran": (
        Place("Oran", "FRA", "Africa", False, "Mediterranean", 35.70, special="algerian-departments"),
        "1955-01-01",
    ),
    "Gibraltar": (Place("Gibraltar", "GBR", "Europe", False, "Mediterranean", 36.14), "2023-07-11"),
    "Papeete": (Place("Papeete", "FRA", "Oceania", True, "Pacific", -17.54), "2023-07-11"),
    "Trabzon": (Place("Trabzon", "TUR", "Asia", False, "none", 41.00), "2023-07-11"),
    "Vladivostok": (Place("Vladivostok", "RUS", "Asia", False, "Pacific", 43.12), "2023-07-11"),
    "Saint-Pierre": (Place("Saint-Pierre", "FRA", "North America", True, "North Atlantic", 46.78), "2023-07-11"),
    "Tromsø": (Place("Tromsø", "NOR", "Europe", False, "none", 69.65), "1950-01-01"),
    "Heraklion": (Place("Heraklion", "GRC", "Europe", True, "Mediterranean", 35.34), "2023-07-11"),
}
HAND_READ_ITEMS = ("geo-1", "geo-1-practice")


def hand_read_place(item: str):
    (place_name,) = [n for n in HAND_READ_PLACES if item.startswith(n) or item.split(", ")[0].startswith(n)]
    return HAND_READ_PLACES[place_name]


def test_bank_size_and_coverage(bank):
    assert len(bank) >= 30
    per_notebook = Counter(e.notebook for e in bank.values())
    for notebook in ("01_actors", "02_geography", "03_china", "04_synthesis"):
        assert per_notebook[notebook] >= 6, notebook
    assert set(e.type for e in bank.values()) == set(TYPES)
    assert any(e.graded for e in bank.values()) and any(not e.graded for e in bank.values())


def test_every_exercise_explains_itself(bank):
    for exercise in bank.values():
        assert exercise.explanation, exercise.id
        for wrong, message in exercise.feedback.items():
            assert message and message != exercise.explanation, (exercise.id, wrong)


def test_keys_derived_from_the_data_match_the_data(case, bank):
    expected = expected_keys(case, bank)
    for exercise_id, key in expected.items():
        answer = bank[exercise_id].answer
        if exercise_id == "geo-3":
            assert abs(answer - key) <= bank[exercise_id].tolerance
        elif exercise_id == "china-5":
            assert sorted(answer) == key, exercise_id
        else:
            assert answer == key, exercise_id
    derived = {e.id for e in bank.values() if e.derived_from}
    text_checked = {"geo-5", "geo-6", "geo-7", "synth-2", "china-3", "china-4", "china-6", "synth-1", "synth-4"}
    text_checked |= {"actors-3"}
    assert derived <= set(expected) | text_checked, derived - set(expected) - text_checked


@pytest.mark.parametrize("exercise_id", HAND_READ_ITEMS)
def test_article6_keys_read_by_hand_agree_with_the_engine(bank, exercise_id):
    exercise = bank[exercise_id]
    for item, key in zip(exercise.items, exercise.answer, strict=True):
        place, on = hand_read_place(item)
        assert on in item or long_date(dt.date.fromisoformat(on)) in item, f"{item}: the label must give the date"
        assert article6(place, on=on).status == key, item


def test_the_clause_key_for_heraklion_agrees_with_the_engine(bank):
    place, on = HAND_READ_PLACES["Heraklion"]
    applying = [c.words.removeprefix("on ") for c in article6(place, on=on).clauses if c.outcome == "applies"]
    assert applying == [bank["geo-10"].answer]


def test_hand_read_places_are_in_no_table_of_the_lessons(case):
    shown = set(verdict_table(on="2023-07-11").place) | set(case.places.name)
    for place_name in HAND_READ_PLACES:
        assert not any(place_name in shown_name for shown_name in shown), place_name


def test_keys_taken_from_texts_are_in_those_texts(case, bank):
    article6_text = case.treaty.loc["art-6", "text"]
    for option in bank["geo-5"].options:
        assert (option.removeprefix("the ") in article6_text) == (option in bank["geo-5"].answer), option
    assert bank["geo-6"].answer in article6_text
    article10 = case.treaty.loc["art-10", "text"]
    assert bank["geo-7"].answer in article10 and "North Atlantic area" in article10  # geo-7's feedback says both
    assert "any other European state" in bank["synth-10"].answer and "unanimous agreement" in article10
    assert "establish a council" in case.treaty.loc[bank["synth-2"].answer.lower().replace("article ", "art-"), "text"]
    assert set(case.statements[case.statements.speaker == "china"].kind) == {"paraphrase"}  # china-3
    assert bank["china-6"].answer in case.context.loc["ctx-cn-2023-05-12", "text"]
    assert bank["synth-1"].answer in case.context.loc["ctx-consensus", "text"]
    stoltenberg = " ".join(case.statements_by("stoltenberg").text)
    for option in bank["synth-4"].options:
        assert (option in stoltenberg) == (option in bank["synth-4"].answer), option
    renderings = {"Reuters": "ctx-macron-reuters", "AFP": "ctx-macron-afp"}
    for item, outlet in zip(bank["china-4"].items, bank["china-4"].answer, strict=True):
        source = case.context.loc[renderings[outlet], "text"] if outlet in renderings else case.article
        assert item in source, item


def test_actors_3_counts_only_what_the_article_says(case, bank):
    """The audit: the key must not count Macron, whose opposition the lesson calls an inference."""
    said = {"France": "France has firmly opposed the plan", "China": "China has criticized the idea altogether"}
    assert all(sentence in case.article for sentence in said.values())
    assert sorted(bank["actors-3"].answer) == sorted(said)
    assert "inference" in bank["actors-3"].feedback["Emmanuel Macron"]


def test_fresh_remarks_are_attributed_to_their_speakers(case, bank):
    remarks = {"actors-1": "ctx-stoltenberg-afp", "actors-1-practice": "ctx-macron-partnership"}
    for exercise_id, row in remarks.items():
        text, speaker = case.context.loc[row, "text"], case.context.loc[row, "speaker"]
        assert text in bank[exercise_id].prompt and bank[exercise_id].answer == speaker
        assert row in bank[exercise_id].explanation


def test_quotations_in_items_and_prompts_are_verbatim(case, bank):
    """Every span between curly quotes in a prompt, option or item is in the article, the treaty or a research row."""
    sources = [case.article, *case.treaty.text, *case.context.text]
    sources = [s.replace("’", "'") for s in sources]
    for exercise in bank.values():
        for text in (exercise.prompt, *exercise.options, *exercise.items):
            for match in re.finditer(r"“([^”]+)”", text):
                if "___" in match.group(1):
                    continue  # a blank to fill in, not a quotation
                span = match.group(1)
                words = span.replace("’", "'").strip(" .…").removeprefix("…")
                assert any(words in source for source in sources), (exercise.id, span)


def test_accuracy_fixes_from_the_audit(bank):
    everything = " ".join(
        " ".join([e.prompt, e.explanation, e.model_answer, *e.options, *e.items, *e.feedback.values()])
        for e in bank.values()
    )
    assert "Kishida signed" not in everything and "a narrower word" not in everything
    assert "San Juan" not in " ".join(bank["geo-1"].items)
    assert "“Opening a NATO office" not in everything  # Jiji's report is summarised by the notes, never quoted


def test_every_item_has_a_bloom_level_and_free_text_a_model_answer(bank):
    for exercise in bank.values():
        assert exercise.level in LEVELS, exercise.id
        if exercise.type == "free":
            assert len(exercise.model_answer.split()) >= 60, exercise.id


def test_at_least_half_the_auto_scored_points_are_at_apply_or_above(bank):
    spec = importlib.util.spec_from_file_location("level_mix", ROOT / "scripts" / "level_mix.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["level_mix"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    mix = module.level_mix(bank)
    assert mix.share_apply_or_above(("graded",)) >= 0.5
    assert mix.share_apply_or_above() >= 0.5
    # an independent count, straight from the bank
    auto = [e for e in bank.values() if e.type != "free"]
    high = sum(e.points for e in auto if LEVELS.index(e.level) >= LEVELS.index("apply"))
    assert abs(high / sum(e.points for e in auto) - mix.share_apply_or_above()) < 1e-9


def test_every_graded_apply_or_analyse_item_has_a_practice_twin(bank):
    for exercise in bank.values():
        if exercise.graded and exercise.level in ("apply", "analyse"):
            twin = bank.get(f"{exercise.id}-practice") or (bank.get("geo-2") if exercise.id == "geo-10" else None)
            assert twin is not None, f"{exercise.id} has no practice twin"
            assert not twin.graded and twin.type == exercise.type and twin.level == exercise.level, exercise.id
            assert twin.notebook == exercise.notebook
            assert set(twin.items).isdisjoint(exercise.items), f"{exercise.id}: the twin must practise, not leak"


def test_feedback_names_the_misconception_behind_every_distractor(bank):
    for exercise in bank.values():
        if exercise.type in ("single", "multiple"):
            key = exercise.answer if isinstance(exercise.answer, list) else [exercise.answer]
            wrong = [o for o in exercise.options if o not in key]
            missing = [o for o in wrong if o not in exercise.feedback]
            assert not missing, (exercise.id, missing)
        if exercise.type in ("classify", "matching") and exercise.level != "remember":
            assert set(exercise.feedback) == set(exercise.items), exercise.id
        for message in exercise.feedback.values():
            assert len(message.split()) >= 8, (exercise.id, message)  # a reason, not just "wrong"


def test_labels_are_human_text_not_slugs(bank):
    slug = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")
    for exercise in bank.values():
        for label in (*exercise.options, *exercise.items, *exercise.choices):
            assert not slug.match(label), (exercise.id, label)


def test_every_key_cites_where_it_comes_from(bank):
    citation = re.compile(r"¶\d|Article \d|6\(i\)|research row|context facts|notebook 0\d|seeds/|\d{4}")
    for exercise in bank.values():
        assert citation.search(exercise.explanation), exercise.id


def test_quoted_items_are_verbatim(case, bank):
    for item in bank["actors-4"].items:
        assert item.strip("“”") in case.article, item

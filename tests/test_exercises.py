"""The exercise bank: big enough, every type used, and every key derived from the data recomputed from it."""

from __future__ import annotations

from collections import Counter

import pytest

from kit.exercises.bank import TYPES, load_bank
from kit.geography.article6 import article6
from kit.geography.geo import great_circle_km


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
    geo1 = bank["geo-1"]
    brussels, tokyo = case.place("brussels"), case.place("tokyo")
    state_media = [s.publisher.split(" (")[0] for _, s in case.sources.iterrows() if "State media" in s.note]
    return {
        "actors-1": name(case, case.statements.loc["stoltenberg-on-the-table", "speaker"]),
        "actors-2": "a " + case.statements.loc["france-opposes", "kind"],
        "actors-3": sorted(
            name(case, a) for a in case.actors.index if case.actors.loc[a, "office_stance"] == "opposes"
        ),
        "actors-4": speaker_names(
            case, ["macron-geography-stubborn", "stoltenberg-security-global", "kishida-enthusiasm", "us-advocating"]
        ),
        "actors-5": case.stance("kishida", "office").stance,
        "actors-6": case.actors.loc[case.actors.loc["stoltenberg", "speaks_for"], "name"],
        "actors-7": len(case.quotes()),
        "geo-1": [article6(p, on="2023-07-11").status for p in geo1.items],
        "geo-2": next(c.words for c in article6("ankara").clauses if c.outcome == "applies").removeprefix("on "),
        "geo-3": round(great_circle_km((brussels.lat, brussels.lon), (tokyo.lat, tokyo.lon))),
        "geo-4": long_date(case.events.loc["algeria-clause-lapses", "date"]),
        "geo-8": [k for k in sorted(ACCESSION, key=lambda n: case.members.loc[ACCESSION[n], "joined"])],
        "china-1": [bank["china-1"].answer[CHINA_ITEMS.index(i)] for i in by_date(case, "context", CHINA_ITEMS)],
        "china-2": case.context.loc["ctx-cn-2023-05-12", "speaker"],
        "china-5": sorted(state_media),
        "china-7": long_date(__import__("datetime").date.fromisoformat(case.context.loc["ctx-cn-2023-05-04", "date"])),
        "synth-5": len(case.members_on("2023-07-11")),
        "synth-6": sorted(EVENT_ITEMS, key=lambda item: case.events.loc[EVENT_ITEMS[item], "date"]),
        "synth-7": case.place("vilnius")["name"],
    }


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
        elif exercise_id in ("actors-3", "china-5"):
            assert sorted(answer) == key, exercise_id
        else:
            assert answer == key, exercise_id
    derived = {e.id for e in bank.values() if e.derived_from}
    text_checked = {"geo-5", "geo-6", "geo-7", "synth-2", "china-3", "china-4", "china-6", "synth-1", "synth-4"}
    assert derived <= set(expected) | text_checked, derived - set(expected) - text_checked


def test_keys_taken_from_texts_are_in_those_texts(case, bank):
    article6_text = case.treaty.loc["art-6", "text"]
    for option in bank["geo-5"].options:
        assert (option.removeprefix("the ") in article6_text) == (option in bank["geo-5"].answer), option
    assert bank["geo-6"].answer in article6_text
    assert bank["geo-7"].answer in case.treaty.loc["art-10", "text"]
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


def test_quoted_items_are_verbatim(case, bank):
    for item in bank["actors-4"].items:
        assert item.strip("“”") in case.article, item

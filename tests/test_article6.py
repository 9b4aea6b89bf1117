"""The Article 6 engine: verdicts for the classic edge cases, each clause's reason, dates, and bad input."""

from __future__ import annotations

import pytest

import kit
from kit.geography.article6 import APPLIES, CONTESTED, DOES_NOT_APPLY, LAPSED, article6, describe_place

# Expected verdicts on 11 July 2023, worked out by hand from the treaty's words and the places' facts.
EXPECTED = {
    "honolulu": ("not covered", {}),
    "guam": ("not covered", {}),
    "anchorage": ("covered", {"6(i), first clause": APPLIES}),
    "san-juan": ("contested", {"6(i), first clause": CONTESTED, "6(i), islands": DOES_NOT_APPLY}),
    "canary-islands": ("covered", {"6(i), islands": APPLIES}),
    "azores": ("covered", {"6(i), islands": APPLIES}),
    "madeira": ("covered", {"6(i), islands": APPLIES}),
    "bermuda": ("covered", {"6(i), islands": APPLIES}),
    "nuuk": ("covered", {"6(i), first clause": APPLIES, "6(i), islands": APPLIES}),
    "svalbard": ("covered", {"6(i), first clause": APPLIES}),
    "falklands": ("not covered", {"6(i), islands": DOES_NOT_APPLY}),
    "cayenne": ("not covered", {"6(i), first clause": DOES_NOT_APPLY}),
    "ceuta": ("not covered", {"6(i), first clause": DOES_NOT_APPLY, "6(i), islands": DOES_NOT_APPLY}),
    "melilla": ("not covered", {}),
    "istanbul": ("covered", {"6(i), Turkey": APPLIES}),
    "ankara": ("covered", {"6(i), first clause": DOES_NOT_APPLY, "6(i), Turkey": APPLIES}),
    "algiers": ("not covered", {"6(i), Algerian Departments": LAPSED}),
    "tokyo": ("not covered", {}),
    "beijing": ("not covered", {}),
    "kyiv": ("not covered", {}),
    "vilnius": ("covered", {"6(i), first clause": APPLIES}),
}


@pytest.mark.parametrize("place", sorted(EXPECTED))
def test_edge_case_verdicts(place):
    status, clauses = EXPECTED[place]
    verdict = article6(place, on="2023-07-11")
    assert verdict.status == status
    outcomes = {c.clause: c.outcome for c in verdict.clauses}
    for clause, outcome in clauses.items():
        assert outcomes[clause] == outcome, (place, clause)
    assert len(verdict.clauses) == 4
    assert all(c.reason for c in verdict.clauses)


def test_every_nato_capital_is_covered_at_vilnius(case):
    for place_id, row in case.places[case.places.kind == "NATO capital"].iterrows():
        covered = article6(place_id, on="2023-07-11").covered
        assert covered is (row.territory_of != "SWE"), place_id


def test_reasons_explain_in_the_treatys_terms():
    honolulu = {c.clause: c.reason for c in article6("honolulu").clauses}
    assert "Oceania" in honolulu["6(i), first clause"]
    assert "south of the Tropic of Cancer" in honolulu["6(i), islands"]
    ceuta = {c.clause: c.reason for c in article6("ceuta").clauses}
    assert "Africa" in ceuta["6(i), first clause"] and "not on an island" in ceuta["6(i), islands"]


def test_membership_follows_the_date():
    assert article6("helsinki", on="2023-04-03").status == "not covered"
    assert article6("helsinki", on="2023-04-04").status == "covered"
    assert article6("stockholm", on="2024-03-06").status == "not covered"
    assert article6("stockholm", on="2024-03-07").status == "covered"
    assert article6("paris", on="1949-06-01").status == "not covered"  # treaty not yet in force


def test_algerian_clause_applies_until_it_lapses():
    assert article6("algiers", on="1962-07-02").status == "covered"
    lapsed = article6("algiers", on="1962-07-03")
    assert lapsed.status == "not covered"
    assert "3 July 1962" in {c.clause: c.reason for c in lapsed.clauses}["6(i), Algerian Departments"]


def test_turkey_clause_waits_for_turkey():
    assert article6("ankara", on="1952-02-14").status == "not covered"
    assert article6("ankara", on="1952-02-15").status == "covered"
    assert any("1949 wording" in caveat for caveat in article6("paris", on="1951-01-01").caveats)


def test_a_described_place_is_judged_by_its_facts_not_its_latitude_alone():
    north_pacific_island = describe_place("an island", "USA", "Oceania", True, "Pacific", 30.0)
    assert article6(north_pacific_island).status == "not covered"
    atlantic_island = describe_place("an island", "USA", "North America", True, "North Atlantic", 30.0)
    assert article6(atlantic_island).status == "covered"
    south_atlantic_island = describe_place("an island", "GBR", "Africa", True, "North Atlantic", 20.0)
    assert article6(south_atlantic_island).status == "not covered"
    arctic_island = describe_place("an island", "CAN", "Asia", True, "Arctic Ocean", 75.0)
    assert article6(arctic_island).status == "contested"


def test_verdict_renders_the_same_as_text_and_html():
    verdict = article6("bermuda")
    text, page = str(verdict), verdict._repr_html_()
    assert text.splitlines()[0] == verdict.headline
    for clause in verdict.clauses:
        assert clause.clause in text and clause.clause in page
    assert verdict._repr_html_() == page  # deterministic
    assert "does not say where NATO may have partners or offices" in text


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"continent": "Atlantis"}, "Choose one of"),
        ({"sea_area": "Sea of Tranquility"}, "Choose one of"),
        ({"lat": "north"}, "not a number"),
        ({"lat": 123}, "off the globe"),
        ({"territory_of": "France"}, "ISO alpha-3"),
    ],
)
def test_described_place_with_bad_input_says_what_to_fix(kwargs, words):
    with pytest.raises(kit.InputError, match=words):
        describe_place(**kwargs)


def test_unknown_place_suggests_a_name():
    with pytest.raises(kit.UnknownNameError, match="Did you mean 'honolulu'"):
        article6("honolullu")


def test_bad_date_says_the_expected_form():
    with pytest.raises(kit.InputError, match="YYYY-MM-DD"):
        article6("paris", on="July 2023")

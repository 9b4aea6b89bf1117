"""The Article 6 engine, clause by clause, against oracles that do not come from the engine.

- the treaty's own words: ``seeds/sources/north_atlantic_treaty.txt`` (Article 6 as amended in 1951);
- dates from the research notes (``context_facts.md``): in force 24 August 1949 (Article 11 note); Greece and
  Turkey's accession took effect on 15 February 1952 (FRUS); the Algerian clause inapplicable as from 3 July 1962,
  noted by the Council on 16 January 1963 (the treaty file's notes); Finland 4 April 2023; Sweden 7 March 2024;
- verdicts derived by hand for places described here (describe_place), written out literally below.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil

import pytest

import kit
from kit.case.data import load_case
from kit.core.paths import SEEDS
from kit.geography.article6 import Place, Verdict, article6, describe_place, verdict_table

TREATY = (SEEDS / "sources" / "north_atlantic_treaty.txt").read_text(encoding="utf-8")
ARTICLE_6_I = re.search(r"^\(i\) (.*)$", TREATY, re.M).group(1)


def reasons(verdict) -> dict[str, tuple[str, str]]:
    return {c.clause: (c.outcome, c.reason) for c in verdict.clauses}


def island(code="PRT", lat=39.0, sea="North Atlantic", continent="Europe", name="an island"):
    return describe_place(name, code, continent, True, sea, lat)


def test_each_clause_quotes_its_words_from_article_6_i():
    verdict = article6(island())
    words = {c.clause: c.words for c in verdict.clauses}
    assert words == {
        "6(i), first clause": "on the territory of any of the Parties in Europe or North America",
        "6(i), Algerian Departments": "on the Algerian Departments of France",
        "6(i), Turkey": "on the territory of Turkey",
        "6(i), islands": (
            "on the islands under the jurisdiction of any of the Parties in the North Atlantic area north of the "
            "Tropic of Cancer"
        ),
    }
    for span in words.values():
        assert span in ARTICLE_6_I, span


def test_before_the_treaty_is_in_force_no_clause_applies():
    day_before = article6("paris", on="1949-08-23")
    assert [(c.clause, c.words, c.outcome) for c in day_before.clauses] == [("The treaty", "", "does not apply")]
    assert day_before.clauses[0].reason == (
        "the North Atlantic Treaty came into force on 24 August 1949; before that no clause applies."
    )
    assert day_before.caveats == []
    assert day_before.covered is False
    first_day = article6("paris", on="1949-08-24")
    assert first_day.covered is True and len(first_day.clauses) == 4
    assert reasons(first_day)["6(i), first clause"] == (
        "applies",
        "France is a Party (since 1949-08-24), and the place lies in Europe.",
    )


def test_owner_phrases_name_the_state_and_its_dates():
    assert reasons(article6("stockholm", on="2024-03-06"))["6(i), first clause"] == (
        "does not apply",
        "Sweden is not yet a Party on this date (it joined on 2024-03-07).",
    )
    assert reasons(article6("helsinki", on="2023-04-04"))["6(i), first clause"][1] == (
        "Finland is a Party (since 2023-04-04), and the place lies in Europe."
    )
    for code, name in [("JPN", "Japan"), ("KOR", "South Korea"), ("AUS", "Australia"), ("NZL", "New Zealand")]:
        verdict = article6(describe_place("x", code, "Asia", False, "none", 35.0))
        assert reasons(verdict)["6(i), first clause"] == ("does not apply", f"{name} is not a Party to the treaty.")
    for code, name in [("CHN", "China"), ("UKR", "Ukraine"), ("DZA", "Algeria")]:
        verdict = article6(describe_place("x", code, "Asia", False, "none", 35.0))
        assert reasons(verdict)["6(i), first clause"][1] == f"{name} is not a Party to the treaty."
    unknown = article6(describe_place("x", " bra ", "South America", True, "North Atlantic", 30.0))
    assert unknown.place.territory_of == "BRA"
    assert reasons(unknown)["6(i), first clause"][1] == "BRA is not a Party to the treaty."
    assert reasons(unknown)["6(i), islands"] == (
        "does not apply",
        "BRA is not a Party to the treaty, so the island is not under a Party's jurisdiction.",
    )


def test_a_partys_territory_outside_europe_and_north_america():
    verdict = article6(describe_place("x", "FRA", "South America", False, "none", 5.0))
    assert reasons(verdict)["6(i), first clause"] == (
        "does not apply",
        "France is a Party (since 1949-08-24), but the place lies in South America.",
    )
    assert reasons(verdict)["6(i), islands"] == ("does not apply", "the place is not on an island.")
    assert reasons(verdict)["6(i), Algerian Departments"] == (
        "does not apply",
        "the place was not part of the Algerian Departments.",
    )
    assert reasons(verdict)["6(i), Turkey"] == ("does not apply", "the place is not Turkish territory.")
    assert verdict.status == "not covered" and verdict.covered is False
    assert verdict.headline == (
        "x, on 2023-07-11: an armed attack here is not covered by Article 5."  # the default day: Vilnius
    )


def test_north_america_counts_like_europe():
    verdict = article6(describe_place("x", "CAN", "North America", False, "none", 60.0))
    assert reasons(verdict)["6(i), first clause"][0] == "applies"
    assert reasons(verdict)["6(i), first clause"][1].endswith("and the place lies in North America.")
    assert verdict.headline.endswith(": an armed attack here is covered by Article 5.")


@pytest.mark.parametrize(
    "lat, outcome",
    [(23.0, "does not apply"), (23.44, "does not apply"), (23.45, "applies"), (40.0, "applies")],
)
def test_islands_are_judged_north_of_the_tropic(lat, outcome):
    # The Tropic of Cancer lies near 23.44° N; a place on the line is not "north of" it.
    verdict = article6(island(lat=lat))
    assert reasons(verdict)["6(i), islands"][0] == outcome


def test_island_reasons_give_the_latitude_and_the_line():
    south = reasons(article6(island(lat=20.0)))["6(i), islands"][1]
    assert south == "at 20.00° it lies south of the Tropic of Cancer (23.44° N)."
    north = reasons(article6(island(lat=39.0)))["6(i), islands"][1]
    assert north == "a Party's island in the North Atlantic; at 39.00° it lies north of the Tropic of Cancer."
    close = reasons(article6(island(lat=23.5)))["6(i), islands"][1]
    assert close == (
        "a Party's island in the North Atlantic; at 23.50° it lies north of the Tropic of Cancer. "
        "It is close to the line, whose exact position drifts slowly."
    )
    not_close = reasons(article6(island(lat=23.6)))["6(i), islands"][1]
    assert "close to the line" not in not_close


@pytest.mark.parametrize("sea", ["Arctic Ocean", "Baltic Sea", "Mediterranean"])
def test_seas_the_treaty_leaves_open_are_contested(sea):
    verdict = article6(island(code="NOR", sea=sea, lat=60.0, continent="Asia"))
    outcome, reason = reasons(verdict)["6(i), islands"]
    assert outcome == "contested"
    assert reason == (
        "at 60.00° it lies north of the Tropic, but the treaty does not define the \u201cNorth Atlantic area\u201d, "
        f"and whether it includes the {sea} is a matter of reading."
    )
    assert verdict.status == "contested" and verdict.covered is None
    assert verdict.headline.endswith(": whether an armed attack here is covered by Article 5 is open to argument.")


@pytest.mark.parametrize("sea", ["Pacific", "Caribbean", "Indian Ocean", "South Atlantic"])
def test_islands_in_other_seas_are_not_covered(sea):
    verdict = article6(island(code="USA", sea=sea, lat=30.0, continent="Oceania"))
    assert reasons(verdict)["6(i), islands"] == (
        "does not apply",
        f"the island lies in the {sea}, not in the North Atlantic area.",
    )


def test_sea_caveat_only_for_uncovered_places_in_the_article_6_ii_seas():
    article_6_ii = "Article 6(ii) separately covers the forces, vessels or aircraft"
    assert "Mediterranean Sea" in TREATY and "or aircraft of any of the Parties" in TREATY
    south_atlantic_island = island(
        code="GBR", lat=20.0, continent="Africa"
    )  # North Atlantic, south of the Tropic: not covered
    assert any(article_6_ii in c for c in article6(south_atlantic_island).caveats)
    mediterranean = describe_place("x", "DZA", "Africa", False, "Mediterranean", 36.0)
    assert any(article_6_ii in c for c in article6(mediterranean).caveats)
    covered = island()
    assert not any(article_6_ii in c for c in article6(covered).caveats)
    pacific = island(code="USA", sea="Pacific", lat=20.0, continent="Oceania")
    assert not any(article_6_ii in c for c in article6(pacific).caveats)


def test_the_key_distinction_closes_every_verdict_after_1949():
    for place in ("tokyo", "paris", "honolulu"):
        caveats = article6(place).caveats
        assert caveats[-1] == (
            "Article 6 defines where an armed attack triggers Article 5. "
            "It does not say where NATO may have partners or offices."
        )


def test_the_1951_protocol_caveat_until_turkey_joins():
    protocol = "as amended by the 1951 Protocol"
    assert any(protocol in c for c in article6("paris", on="1952-02-14").caveats)
    assert not any(protocol in c for c in article6("paris", on="1952-02-15").caveats)


def test_turkey_clause_dates_and_reasons():
    before = reasons(article6("ankara", on="1952-02-14"))["6(i), Turkey"]
    assert before == (
        "does not apply",
        "Turkey was not yet a Party: its accession took effect on 15 February 1952.",
    )
    after = reasons(article6("ankara", on="1952-02-15"))["6(i), Turkey"]
    assert after == ("applies", "the whole territory of Turkey is named, in Europe or in Asia (Asia here).")


def test_algerian_departments_clause_reasons():
    before = reasons(article6("algiers", on="1962-07-02"))
    assert before["6(i), Algerian Departments"] == (
        "applies",
        "the place lay in the Algerian Departments of France on this date.",
    )
    assert before["6(i), first clause"][0] == "does not apply"
    assert "in Africa, not in Europe or North America" in before["6(i), first clause"][1]
    after = reasons(article6("algiers", on="1962-07-03"))
    assert after["6(i), Algerian Departments"] == (
        "lapsed",
        "the North Atlantic Council noted on 16 January 1963 that the clause had become inapplicable as from "
        "3 July 1962.",
    )
    assert "Algerian Departments" not in after["6(i), first clause"][1]


def test_dated_sovereignty_before_after_and_unsettled():
    history = (("1990-10-03", "part of East Germany", ""),)
    berlin = Place("Berlin", "DEU", "Europe", False, "none", 52.5, history=history)
    before = article6(berlin, on="1990-10-02")
    assert reasons(before)["6(i), first clause"] == ("does not apply", "on this date part of East Germany.")
    assert before.caveats[0].startswith("Borders changed here: the engine judges the place as it stood on this date")
    after = article6(berlin, on="1990-10-03")
    assert reasons(after)["6(i), first clause"][0] == "applies"
    assert not any(c.startswith("Borders changed here") for c in after.caveats)  # judged as today's map
    monthly = Place("Somewhere", "DEU", "Europe", False, "none", 52.5, history=(("1990-10", "elsewhere", ""),))
    unsettled = article6(monthly, on="1990-10-15")
    assert reasons(unsettled)["6(i), first clause"] == (
        "contested",
        "the kit's sources date a change of sovereignty here only to 1990-10; before it, elsewhere. "
        "Whose territory the place was on this day is not settled by the sources.",
    )
    assert unsettled.status == "contested"
    # Before the change, a place that belonged to another Party is judged as that Party's.
    ceded = Place("Ceded", "DEU", "Europe", False, "none", 50.0, history=(("2000-01-01", "French territory", "FRA"),))
    assert reasons(article6(ceded, on="1999-12-31"))["6(i), first clause"][1] == (
        "France is a Party (since 1949-08-24), and the place lies in Europe."
    )


def test_a_continent_note_makes_the_first_clause_contested():
    place = Place("x", "ESP", "Africa", False, "none", 35.0, continent_note="it lies on the African shore.")
    outcome, reason = reasons(article6(place))["6(i), first clause"]
    assert outcome == "contested"
    assert reason == (
        "Spain is a Party (since 1982-05-30), but whether this territory lies \u201cin Europe or North America\u201d "
        "is a matter of reading: it lies on the African shore."
    )


def test_a_place_note_becomes_a_caveat_before_the_key_distinction():
    place = Place("x", "FRA", "Europe", False, "none", 48.0, note="A note for students.")
    assert article6(place).caveats[-2:][0] == "A note for students."


def test_rendered_marks_each_outcome():
    text = str(article6("algiers", on="1962-07-03"))
    assert "✘ 6(i), Algerian Departments — lapsed: " in text
    assert "✘ 6(i), Turkey — does not apply: " in text
    assert "✔ 6(i), first clause" not in text
    assert "✔ 6(i), islands — applies: " in str(article6(island()))
    assert "? 6(i), islands — contested: " in str(article6(island(sea="Baltic Sea", continent="Asia")))


def test_a_verdict_with_no_clause_is_not_covered():
    verdict = Verdict(island(), dt.date(2023, 7, 11))
    assert verdict.status == "not covered" and verdict.covered is False


@pytest.mark.parametrize("lat", [90, -90, "35.7", 0])
def test_latitudes_on_the_globe_are_accepted(lat):
    assert describe_place(lat=lat).lat == float(lat)


@pytest.mark.parametrize("lat", [90.01, -90.01, None])
def test_latitudes_off_the_globe_or_missing_are_refused(lat):
    with pytest.raises(kit.InputError, match="off the globe|not a number"):
        describe_place(lat=lat)


def test_bad_input_messages_name_the_fix():
    with pytest.raises(kit.InputError) as err:
        describe_place(continent="Atlantis")
    assert str(err.value) == (
        "The continent 'Atlantis' is not one the kit knows. Choose one of: Europe, North America, South America, "
        "Africa, Asia, Oceania, Antarctica."
    )
    with pytest.raises(kit.InputError) as err:
        describe_place(lat=100)
    assert str(err.value) == "The latitude 100.0 is off the globe. Give a number from -90 (south) to 90 (north)."
    with pytest.raises(kit.InputError) as err:
        describe_place(lat="north")
    assert str(err.value) == "The latitude 'north' is not a number. Give degrees north, e.g. 35.7 (south is negative)."
    for code in ("FR", "FRAN", "F1A"):
        with pytest.raises(kit.InputError) as err:
            describe_place(territory_of=code)
        assert str(err.value) == f"{code!r} is not an ISO alpha-3 country code. Use three letters, e.g. 'FRA' or 'JPN'."
    with pytest.raises(kit.InputError, match="^The sea area 'Sea of Tranquility' is not one the kit knows"):
        describe_place(sea_area="Sea of Tranquility")


def test_describe_place_defaults():
    place = describe_place()
    assert (place.name, place.territory_of, place.continent, place.island, place.sea_area, place.lat) == (
        "my place",
        "USA",
        "North America",
        False,
        "none",
        40.0,
    )


def test_verdict_table_rows_for_named_places():
    # Latitudes from seeds/places.csv (GeoNames) rounded by hand: 64.1835 -> 64.18, 21.3069 -> 21.31.
    table = verdict_table(["nuuk", "honolulu", "san-juan"], on="2023-07-11")
    assert list(table.columns) == ["place", "latitude", "status", "clauses that apply or are contested"]
    assert table.to_dict("records") == [
        {
            "place": "Nuuk (Greenland)",
            "latitude": 64.18,
            "status": "covered",
            "clauses that apply or are contested": "6(i), first clause (applies); 6(i), islands (applies)",
        },
        {
            "place": "Honolulu (Hawaii)",
            "latitude": 21.31,
            "status": "not covered",
            "clauses that apply or are contested": "none",
        },
        {
            "place": "San Juan (Puerto Rico)",
            "latitude": 18.47,
            "status": "contested",
            "clauses that apply or are contested": "6(i), first clause (contested)",
        },
    ]
    assert verdict_table([]).empty


def test_verdict_table_follows_the_date():
    # Before Sweden joined (7 March 2024), Stockholm is not covered; after, it is.
    assert verdict_table(["stockholm"], on="2024-03-06").status.tolist() == ["not covered"]
    assert verdict_table(["stockholm"], on="2024-03-07").status.tolist() == ["covered"]


def test_verdict_table_defaults_to_every_edge_case_in_the_gazetteer():
    with open(SEEDS / "places.csv", newline="", encoding="utf-8") as handle:
        edge_cases = [row["name"] for row in csv.DictReader(handle) if row["kind"] == "edge case"]
    assert len(edge_cases) > 10
    assert sorted(verdict_table().place) == sorted(edge_cases)


def test_verdict_table_judges_the_case_it_is_given(tmp_path):
    # An edited copy of the case where Denmark only joins in 2030: Greenland is then no Party's territory.
    shutil.copytree(SEEDS, tmp_path / "seeds")
    members = tmp_path / "seeds" / "members.csv"
    text = members.read_text(encoding="utf-8")
    assert "DNK,Denmark,1949-08-24" in text
    members.write_text(text.replace("DNK,Denmark,1949-08-24", "DNK,Denmark,2030-01-01"), encoding="utf-8")
    edited = load_case(tmp_path / "seeds")
    assert verdict_table(["nuuk"], case=edited).status.tolist() == ["not covered"]
    assert verdict_table(["nuuk"]).status.tolist() == ["covered"]
    assert reasons(article6("nuuk", case=edited))["6(i), first clause"][1] == (
        "Denmark is not yet a Party on this date (it joined on 2030-01-01)."
    )


def test_places_from_the_gazetteer_carry_its_facts():
    # Written out from seeds/places.csv and seeds/sovereignty.csv.
    algiers = Place.from_gazetteer("algiers")
    assert (algiers.name, algiers.territory_of, algiers.continent, algiers.island, algiers.sea_area) == (
        "Algiers",
        "DZA",
        "Africa",
        False,
        "Mediterranean",
    )
    assert algiers.special == "algerian-departments"
    assert algiers.note.startswith("Algiers lay in the Algerian Departments of France that Article 6 names")
    ceuta = Place.from_gazetteer("ceuta")
    assert (ceuta.special, ceuta.continent_note, ceuta.note, ceuta.history) == ("", "", "", ())
    berlin = Place.from_gazetteer("berlin")
    assert [(until, party) for until, _, party in berlin.history] == [("1990", "")]
    assert berlin.history[0][1].startswith("the point lay in East Berlin")


def test_a_place_is_read_from_the_case_it_is_given(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    places = tmp_path / "seeds" / "places.csv"
    text = places.read_text(encoding="utf-8")
    assert "nuuk,Nuuk (Greenland)," in text
    places.write_text(text.replace("nuuk,Nuuk (Greenland),", "nuuk,Nuuk (Kalaallit Nunaat),"), encoding="utf-8")
    edited = load_case(tmp_path / "seeds")
    assert Place.from_gazetteer("nuuk", edited).name == "Nuuk (Kalaallit Nunaat)"
    assert article6("nuuk", case=edited).place.name == "Nuuk (Kalaallit Nunaat)"


def test_the_sea_area_message_lists_the_known_seas():
    with pytest.raises(kit.InputError) as err:
        describe_place(sea_area="Sea of Tranquility")
    assert str(err.value).startswith(
        "The sea area 'Sea of Tranquility' is not one the kit knows. Choose one of: none, North Atlantic, "
        "South Atlantic, Caribbean, Mediterranean, Baltic Sea, Arctic Ocean, Pacific, Indian Ocean"
    )


@pytest.mark.parametrize("day", ["1951-06-01", "1962-07-02", "2023-07-11"])  # before Turkey, before 3 July 1962, now
def test_every_clause_of_every_verdict_quotes_article_6_i(day):
    # Every branch of every clause: the gazetteer's places (Africa, islands, Turkey, Algeria...) and described ones.
    described = [
        describe_place("x", "FRA", "South America", False, "none", 5.0),
        describe_place("x", "JPN", "Asia", True, "Pacific", 35.0),
        Place("x", "ESP", "Africa", False, "none", 35.0, continent_note="a note."),
        describe_place("x", "USA", "Oceania", True, "Pacific", 30.0),  # a Party's island, north, another sea
        describe_place("x", "USA", "Oceania", True, "Pacific", 20.0),  # south of the Tropic
        describe_place("x", "SWE", "Europe", True, "Baltic Sea", 57.0),  # a sea open to argument
        describe_place("x", "NOR", "Europe", True, "North Atlantic", 62.0),
    ]
    places = [*verdict_table(on=day).place, *described]
    for place in places:
        for clause in article6(_id(place) if isinstance(place, str) else place, on=day).clauses:
            assert clause.words in ARTICLE_6_I, (place, clause)
            assert clause.words.startswith("on the ")


def _id(name: str) -> str:
    with open(SEEDS / "places.csv", newline="", encoding="utf-8") as handle:
        return next(row["id"] for row in csv.DictReader(handle) if row["name"] == name)


def test_the_algerian_departments_reason_in_full():
    assert reasons(article6("algiers", on="1962-07-02"))["6(i), first clause"] == (
        "does not apply",
        "the place lay in France's Algerian Departments, in Africa, not in Europe or North America; "
        "the treaty names those departments in a clause of their own.",
    )


def test_caveats_in_full():
    berlin = Place("B", "DEU", "Europe", False, "none", 52.5, history=(("1990-10-03", "East Berlin", ""),))
    assert article6(berlin, on="1990-10-02").caveats[0] == (
        "Borders changed here: the engine judges the place as it stood on this date (seeds/sovereignty.csv), "
        "not as today's map draws it."
    )
    assert article6("paris", on="1951-01-01").caveats[0] == (
        "The kit evaluates Article 6 as amended by the 1951 Protocol. The original 1949 wording did not mention "
        "Turkey or the Mediterranean Sea; the Protocol's copy is cut off where it says from when the amended "
        "wording applies, so the kit's sources do not give that day."
    )
    mediterranean = describe_place("x", "DZA", "Africa", False, "Mediterranean", 36.0)
    assert article6(mediterranean).caveats[0] == (
        "Article 6(ii) separately covers the forces, vessels or aircraft of a Party in or over the "
        "Mediterranean Sea or the North Atlantic area north of the Tropic of Cancer; that does not cover "
        "the place itself."
    )


def test_an_unsettled_change_keeps_the_first_clauses_words():
    monthly = Place("S", "DEU", "Europe", False, "none", 52.5, history=(("1990-10", "elsewhere", ""),))
    first = article6(monthly, on="1990-10-15").clauses[0]
    assert (first.clause, first.words) == (
        "6(i), first clause",
        "on the territory of any of the Parties in Europe or North America",
    )


def test_before_a_change_a_place_of_a_non_party_is_not_covered():
    # Before 2000 the place belonged to "ZZZ", no Party: the first clause does not apply, whatever it is today.
    ceded = Place("C", "DEU", "Europe", False, "none", 50.0, history=(("2000-01-01", "ZZZ's territory", "ZZZ"),))
    assert reasons(article6(ceded, on="1999-12-31"))["6(i), first clause"] == (
        "does not apply",
        "on this date ZZZ's territory.",
    )

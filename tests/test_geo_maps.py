"""Distances against a WGS84 geodesic, and the offline map: every member, partner and China drawn."""

from __future__ import annotations

import datetime as dt

import pytest
from geographiclib.geodesic import Geodesic

from kit.geography.geo import TROPIC_OF_CANCER, great_circle_km, north_of_tropic
from kit.lessons.maps import CHINA, WorldMap, country_outlines

PARTNERS = {"JPN", "KOR", "AUS", "NZL"}  # the four Indo-Pacific partners the article names

PAIRS = [
    ("brussels", "tokyo"),
    ("brussels", "beijing"),
    ("brussels", "washington"),
    ("vilnius", "tokyo"),
    ("vilnius", "beijing"),
    ("vilnius", "washington"),
    ("canberra", "wellington"),
    ("nuuk", "falklands"),
]


@pytest.mark.parametrize("a, b", PAIRS)
def test_great_circle_within_half_a_percent_of_wgs84(case, a, b):
    pa, pb = case.place(a), case.place(b)
    ours = great_circle_km((pa.lat, pa.lon), (pb.lat, pb.lon))
    geodesic = Geodesic.WGS84.Inverse(pa.lat, pa.lon, pb.lat, pb.lon)["s12"] / 1000
    assert abs(ours - geodesic) / geodesic < 0.005


def test_tropic_of_cancer():
    assert pytest.approx(23 + 26 / 60, abs=0.01) == TROPIC_OF_CANCER  # 23°26′, context facts §0
    assert north_of_tropic(23.5) and not north_of_tropic(23.4)


def test_map_draws_every_member_partner_and_china(case):
    world = WorldMap(on="2024-03-07")
    outlines = country_outlines()
    assert set(case.members.index) <= set(outlines)
    assert world.drawn["member"] == set(case.members.index) | {"GRL", "PRI", "FLK", "NCL", "ATF"}
    assert world.drawn["partner"] == PARTNERS and world.drawn["china"] == {CHINA}
    drawn_rings = sum(len(c.get_paths()) for c in world.collections.values())
    assert drawn_rings == sum(len(rings) for rings in outlines.values())


def test_map_follows_membership_dates():
    world = WorldMap(on="2023-07-11")
    assert "FIN" in world.drawn["member"] and "SWE" not in world.drawn["member"]
    world.show(dt.date(1949, 9, 1))
    assert len(world.drawn["member"] - {"GRL", "PRI", "FLK", "NCL", "ATF"}) == 12
    assert "12 members" in world.axes.get_title()
    assert world.png()[:8] == b"\x89PNG\r\n\x1a\n"


# Hand-derived from the sources: Germany joined as the Federal Republic on 6 May 1955 and the kit dates unification
# only to 1990; the Algerian Departments clause lapsed on 3 July 1962; NATO's page supports the four Indo-Pacific
# partners from 2016 (shown from its last day). (date, dotted outlines, Germany member?, partners shown?)
MAP_HISTORY = [
    ("1949-09-01", {"DZA"}, False, False),
    ("1955-05-05", {"DZA"}, False, False),
    ("1960-01-01", {"DEU", "DZA"}, False, False),
    ("1962-07-03", {"DEU"}, False, False),
    ("1990-06-01", {"DEU"}, False, False),
    ("1991-01-01", set(), True, False),
    ("2016-12-30", set(), True, False),
    ("2016-12-31", set(), True, True),
    ("2023-07-11", set(), True, True),
]


@pytest.mark.parametrize("day, dotted, germany, partners", MAP_HISTORY)
def test_map_dates_borders_and_partners(day, dotted, germany, partners):
    world = WorldMap(on=day)
    assert world.drawn["partial"] == dotted
    assert ("DEU" in world.drawn["member"]) is germany
    assert (world.drawn["partner"] == PARTNERS) is partners and (not world.drawn["partner"]) is (not partners)
    assert "DZA" not in world.drawn["member"]


def test_map_says_its_outlines_are_present_day():
    texts = [t.get_text() for t in WorldMap().figure.texts]
    assert any("present-day borders" in t for t in texts)


def test_the_map_reaches_the_student_as_an_image_with_words_for_what_is_drawn_that_day():
    from kit.lessons.maps import WorldMap

    early = WorldMap(on="1960-01-01")._repr_mimebundle_()
    assert early["image/png"][:4] == b"\x89PNG"
    assert 'alt="World map' in early["text/html"] and "<figcaption>" in early["text/html"]
    # 1960: 15 members (hand count: the 12 of 1949, Greece and Turkey 1952, the Federal Republic 1955);
    # no partner shown, Germany and Algeria dotted.
    assert "NATO's 15 members on 1960-01-01" in early["text/plain"]
    assert "No Indo-Pacific partner is shown" in early["text/plain"]
    assert "present-day Germany" in early["text/plain"] and "present-day Algeria" in early["text/plain"]
    vilnius = WorldMap(on="2023-07-11")._repr_mimebundle_()["text/plain"]
    assert "NATO's 31 members" in vilnius and "Sweden" not in vilnius and "Hatched: NATO's Indo-Pacific" in vilnius

"""An offline world map of NATO's members on a date, its Indo-Pacific partners, China and the Tropic of Cancer.

Drawn with matplotlib from the Natural Earth outlines shipped in
``kit/geodata/world_110m.geojson``: present-day borders, no tiles, no downloads. Where
borders changed (``seeds/sovereignty.csv``: Germany before 1990, Algeria while the treaty named
the Algerian Departments of France) the outline is dotted: only part of it, or a part the
sources cannot date, was a member's territory. Partners are hatched only from the first date
a VERIFIED source calls them partners (``seeds/partners.csv``).

>>> world = WorldMap()
>>> {"JPN", "KOR", "AUS", "NZL"} <= world.drawn["partner"]
True
>>> sorted(WorldMap(on="1960-01-01").drawn["partial"]), WorldMap(on="1960-01-01").drawn["partner"]
(['DEU', 'DZA'], set())
"""

from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from kit.case.data import Case, as_date, resolve_case
from kit.core.render import Picture
from kit.geography.article6 import VILNIUS
from kit.geography.geo import TROPIC_OF_CANCER, last_day
from kit.lessons.palette import GREY, MAP_COLOURS, MAP_HATCHES, WATER

GEOJSON = Path(__file__).resolve().parent / "geodata" / "world_110m.geojson"
# Natural Earth draws these territories apart from the state they belong to (ISO 3166 reference geography);
# the map colours them with that state. Being a member's territory does not by itself bring Article 5 into play.
TERRITORIES = {"GRL": "DNK", "PRI": "USA", "FLK": "GBR", "NCL": "FRA", "ATF": "FRA"}
CHINA = "CHN"
LABELLED_PLACES = ("brussels", "vilnius", "washington", "tokyo", "seoul", "canberra", "wellington", "beijing")
OUTLINES_NOTE = "Outlines: Natural Earth, present-day borders."
CATEGORY_LABELS = {
    "member": "NATO member (with its territories) on this date",
    "partial": "only part of this present-day outline was a member's (dotted ....)",
    "partner": "Indo-Pacific partner on this date (hatched ////)",
    "china": "China (hatched xxxx)",
    "other": "other countries",
}


def map_dates(case: Case | None = None) -> list:
    """Every day on which the map changes: accessions, border changes, the first day partners are shown; and Vilnius.

    A change dated only to a year or a month shows from the first day after that period.

    >>> [d.isoformat() for d in map_dates() if d.year in (1962, 1991, 2016)]
    ['1962-07-03', '1991-01-01', '2016-12-31']
    """
    import datetime as dt

    case = resolve_case(case)
    days = {d.date() for d in case.members.joined} | {d.date() for d in case.partners.shown_from} | {VILNIUS}
    for until in case.sovereignty[case.sovereignty.outline != ""].until:
        days.add(dt.date.fromisoformat(until) if len(until) == 10 else as_date(last_day(until)) + dt.timedelta(days=1))
    return sorted(days)


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def outline_names() -> dict[str, str]:
    """ISO alpha-3 code → the country's name as Natural Earth gives it (for descriptions, never an id)."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    return {feature["properties"]["iso_a3"]: feature["properties"]["name"] for feature in features}


def country_outlines() -> dict[str, list]:
    """ISO alpha-3 code → list of polygon rings (lists of (lon, lat)), from the shipped GeoJSON."""
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    outlines: dict[str, list] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        outlines.setdefault(feature["properties"]["iso_a3"], []).extend(polygon[0] for polygon in polygons)
    return outlines


class WorldMap:
    """The map figure. ``show(on=date)`` recolours it; ``png()`` renders it; ``drawn`` says who is where."""

    def __init__(self, on=VILNIUS, width: float = 10.0, case: Case | None = None):
        from matplotlib.collections import PolyCollection
        from matplotlib.figure import Figure
        from matplotlib.patches import Patch

        self.case = resolve_case(case)
        self.outlines = country_outlines()
        self.figure = Figure(figsize=(width, width * 0.52), dpi=80, layout="constrained")
        self.axes = self.figure.add_subplot()
        ax = self.axes
        ax.set_facecolor(WATER)
        ax.set_xlim(-180, 180)
        ax.set_ylim(-60, 85)
        ax.set_aspect("equal")
        ax.set_xlabel("longitude (°)")
        ax.set_ylabel("latitude (°)")
        self.collections = {}
        for category in ("other", "member", "partial", "partner", "china"):
            collection = PolyCollection(
                [],
                facecolors=MAP_COLOURS[category],
                edgecolors="white" if category == "other" else "black",
                linewidths=0.3,
                hatch=MAP_HATCHES[category] or None,
            )
            ax.add_collection(collection)
            self.collections[category] = collection
        ax.axhline(TROPIC_OF_CANCER, color="black", linestyle="--", linewidth=1)
        ax.text(-178, TROPIC_OF_CANCER + 1.5, f"Tropic of Cancer ({TROPIC_OF_CANCER}° N)", fontsize=8)
        for place_id in LABELLED_PLACES:
            place = self.case.place(place_id)
            ax.plot(place.lon, place.lat, marker="o", markersize=3, color="black")
            ax.annotate(
                place["name"].split(",")[0],
                (place.lon, place.lat),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=7,
            )
        handles = [
            Patch(facecolor=MAP_COLOURS[c], hatch=MAP_HATCHES[c] or None, edgecolor=GREY, label=CATEGORY_LABELS[c])
            for c in CATEGORY_LABELS
        ]
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
        self.figure.text(0.99, 0.01, OUTLINES_NOTE, ha="right", va="bottom", fontsize=7)
        self.drawn: dict[str, set[str]] = {}
        self.show(on)

    def categories(self, on) -> dict[str, set[str]]:
        """Which outlines fall in which category on a date: member, partial, partner, china, other."""
        day = as_date(on)
        members = set(self.case.members_on(day).index)
        members |= {territory for territory, state in TERRITORIES.items() if state in members}
        partial = set()
        for _, row in self.case.sovereignty[self.case.sovereignty.outline != ""].iterrows():
            # Before the change (and through a period the sources date only by month or year) the outline is
            # dotted when the Party it belonged to in part was a member on that day.
            until = row["until"]
            before = day.isoformat() <= last_day(until) if len(until) < 10 else day.isoformat() < until
            if before and row["party_before"] in members:
                partial.add(row["outline"])
        partial &= set(self.outlines)
        partners = self.case.partners
        shown = set(partners[partners.shown_from <= pd.Timestamp(day)].index)
        groups = {
            "member": (members & set(self.outlines)) - partial,
            "partial": partial,
            "partner": shown & set(self.outlines),
            "china": {CHINA},
        }
        groups["other"] = set(self.outlines) - set().union(*groups.values())
        return groups

    def show(self, on=VILNIUS) -> WorldMap:
        """Colour the map for the members on a date."""
        day = as_date(on)
        self.day = day
        self.drawn = self.categories(day)
        for category, codes in self.drawn.items():
            self.collections[category].set_verts([ring for code in sorted(codes) for ring in self.outlines[code]])
        count = len(self.case.members_on(day))
        partners = " and its Indo-Pacific partners" if self.drawn["partner"] else ""
        self.axes.set_title(f"NATO's {count} members on {day.isoformat()}{partners}; China", fontsize=10)
        return self

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def description(self) -> str:
        """The map as drawn, in words (its alt text): the members by name, and only what is shown on that day.

        >>> print(WorldMap(on="1949-08-24").description())  # doctest: +ELLIPSIS
        World map: NATO's 12 members on 1949-08-24, shaded blue: Belgium, Canada, ...
        """
        members = sorted(self.case.members_on(self.day).name)
        text = f"World map: NATO's {len(members)} members on {self.day.isoformat()}, shaded blue: {', '.join(members)}."
        sovereignty = self.case.sovereignty
        for _, row in sovereignty[sovereignty.outline.isin(self.drawn["partial"])].iterrows():
            text += f" Dotted, present-day {outline_names()[row['outline']]}: {row['before']}."
        if self.drawn["partner"]:
            text += " Hatched: NATO's Indo-Pacific partners (Japan, South Korea, Australia, New Zealand)."
        else:
            text += " No Indo-Pacific partner is shown: no VERIFIED source names them partners on this date."
        return text + f" Cross-hatched: China. A dashed line marks the Tropic of Cancer (23.44° N). {OUTLINES_NOTE}"

    def picture(self) -> Picture:
        """The map as a student receives it: the image with its description as alt text, and a caption."""
        return Picture(self.png(), self.description(), caption=self.axes.get_title())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        picture = self.picture()
        return {"text/html": picture._repr_html_(), "image/png": picture.png, "text/plain": str(picture)}

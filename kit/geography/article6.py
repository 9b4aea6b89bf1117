"""The Article 6 engine: is an armed attack on a place covered by Article 5, on a given date?

Article 6 (as amended by the 1951 Protocol) is evaluated clause by clause, in the treaty's
own words, never as a bare latitude test. Each clause gets an outcome
(applies, does not apply, contested, lapsed) and a reason. A place is covered
if any clause applies; contested if none applies but one is open to argument.

>>> verdict = article6("Honolulu (Hawaii)", on="2023-07-11")
>>> verdict.status
'not covered'
>>> article6("Las Palmas (Canary Islands)").covered
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kit.case.data import Case, as_date, resolve_case
from kit.case.schema import CONTINENTS, SEA_AREAS
from kit.core.errors import InputError
from kit.core.render import Rendered, RendersItself
from kit.geography.geo import TROPIC_OF_CANCER, first_day, last_day

IN_FORCE = dt.date(1949, 8, 24)
TURKEY_JOINS = dt.date(1952, 2, 15)
ALGERIA_LAPSES = dt.date(1962, 7, 3)
VILNIUS = dt.date(2023, 7, 11)

APPLIES, DOES_NOT_APPLY, CONTESTED, LAPSED = "applies", "does not apply", "contested", "lapsed"
KEY_DISTINCTION = (
    "Article 6 defines where an armed attack triggers Article 5. "
    "It does not say where NATO may have partners or offices."
)


@dataclass(frozen=True)
class Place:
    """The facts the engine needs about a place. Build one with :func:`describe_place` or from the gazetteer."""

    name: str
    territory_of: str
    continent: str
    island: bool
    sea_area: str
    lat: float
    special: str = ""
    continent_note: str = ""
    note: str = ""
    # Dated sovereignty, where borders changed: (until, what it was before, the Party it belonged to or "").
    history: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def from_gazetteer(cls, name: str, case: Case | None = None) -> Place:
        case = resolve_case(case)
        row = case.place(name)
        changes = case.sovereignty[case.sovereignty.place == row["id"]]
        return cls(
            row["name"],
            row["territory_of"],
            row["continent"],
            bool(row["island"]),
            row["sea_area"],
            float(row["lat"]),
            row["special"] or "",
            row["continent_note"] or "",
            case.readable(row["note"] or ""),
            tuple(zip(changes["until"], changes["before"], changes["party_before"], strict=True)),
        )

    def sovereignty_on(self, day: dt.date) -> tuple[str, str, str] | None:
        """How the place stood on a day where its borders changed: None (as today), ("before", what it was,
        the Party it belonged to or ""), or ("unsettled", what it was before, the period the change is dated to).

        A change dated only to a month or a year leaves every day of that period unsettled: the kit does not guess.

        >>> berlin = Place("Berlin", "DEU", "Europe", False, "none", 52.5, history=(("1990", "East Berlin", ""),))
        >>> berlin.sovereignty_on(dt.date(1960, 1, 1))[0], berlin.sovereignty_on(dt.date(1990, 6, 1))[0]
        ('before', 'unsettled')
        >>> berlin.sovereignty_on(dt.date(1991, 1, 1)) is None
        True
        """
        for until, before, party_before in sorted(self.history):
            start, end = dt.date.fromisoformat(first_day(until)), dt.date.fromisoformat(last_day(until))
            if day < start:
                return ("before", before, party_before)
            if day <= end and len(until) < 10:
                return ("unsettled", before, until)
        return None


def describe_place(
    name: str = "my place",
    territory_of: str = "USA",
    continent: str = "North America",
    island: bool = False,
    sea_area: str = "none",
    lat: float = 40.0,
) -> Place:
    """Describe a place that is not in the gazetteer.

    ``territory_of`` is the ISO 3166 alpha-3 code of the state it belongs to
    (``case.members`` lists the Parties' codes).

    >>> article6(describe_place("an island", "PRT", "Europe", True, "North Atlantic", 39.0)).covered
    True
    """
    if continent not in CONTINENTS:
        raise InputError(
            f"The continent {continent!r} is not one the kit knows. Choose one of: {', '.join(CONTINENTS)}."
        )
    if sea_area not in SEA_AREAS:
        raise InputError(f"The sea area {sea_area!r} is not one the kit knows. Choose one of: {', '.join(SEA_AREAS)}.")
    try:
        latitude = float(lat)
    except (TypeError, ValueError):
        raise InputError(
            f"The latitude {lat!r} is not a number. Give degrees north, e.g. 35.7 (south is negative)."
        ) from None
    if not -90 <= latitude <= 90:
        raise InputError(f"The latitude {latitude} is off the globe. Give a number from -90 (south) to 90 (north).")
    code = str(territory_of).strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InputError(
            f"{territory_of!r} is not an ISO alpha-3 country code. Use three letters, e.g. 'FRA' or 'JPN'."
        )
    return Place(name, code, continent, bool(island), sea_area, latitude)


@dataclass(frozen=True)
class ClauseResult:
    clause: str
    words: str
    outcome: str
    reason: str


@dataclass
class Verdict(RendersItself):
    """The engine's answer: ``status`` ('covered', 'not covered', 'contested'), ``covered`` (True, False or
    None when contested), the clause-by-clause ``clauses`` and any ``caveats``."""

    place: Place
    on: dt.date
    clauses: list[ClauseResult] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        outcomes = {c.outcome for c in self.clauses}
        if APPLIES in outcomes:
            return "covered"
        return "contested" if CONTESTED in outcomes else "not covered"

    @property
    def covered(self) -> bool | None:
        return {"covered": True, "not covered": False, "contested": None}[self.status]

    @property
    def headline(self) -> str:
        wording = {
            "covered": "an armed attack here is covered by Article 5",
            "not covered": "an armed attack here is not covered by Article 5",
            "contested": "whether an armed attack here is covered by Article 5 is open to argument",
        }[self.status]
        return f"{self.place.name}, on {self.on.isoformat()}: {wording}."

    def rendered(self) -> Rendered:
        mark = {APPLIES: "✔", DOES_NOT_APPLY: "✘", CONTESTED: "?", LAPSED: "✘"}
        result = Rendered([("title", self.headline)])
        for clause in self.clauses:
            result.add("item", f"{mark[clause.outcome]} {clause.clause} — {clause.outcome}: {clause.reason}")
        for caveat in self.caveats:
            result.add("note", caveat)
        return result


def article6(place: str | Place, on=VILNIUS, case: Case | None = None) -> Verdict:
    """Evaluate Article 6 for a place (a gazetteer name or a :class:`Place`) on a date (default: 11 July 2023)."""
    case = resolve_case(case)
    place = Place.from_gazetteer(place, case) if isinstance(place, str) else place
    day = as_date(on)
    verdict = Verdict(place, day)
    if day < IN_FORCE:
        verdict.clauses.append(
            ClauseResult(
                "The treaty",
                "",
                DOES_NOT_APPLY,
                "the North Atlantic Treaty came into force on 24 August 1949; before that no clause applies.",
            )
        )
        return verdict
    parties = case.members_on(day)
    change = place.sovereignty_on(day)
    if change and change[0] == "before":
        party = bool(change[2]) and change[2] in parties.index
        owner = f"on this date {change[1]}" if not party else _owner_phrase(case, change[2], party, day)
    else:
        party = place.territory_of in parties.index
        owner = _owner_phrase(case, place.territory_of, party, day)
    verdict.clauses = [
        _territory_in_europe_or_north_america(place, party, owner, day),
        _algerian_departments(place, day),
        _turkey(place, day),
        _islands(place, party, owner),
    ]
    if change and change[0] == "unsettled":
        verdict.clauses[0] = ClauseResult(
            verdict.clauses[0].clause,
            verdict.clauses[0].words,
            CONTESTED,
            f"the kit's sources date a change of sovereignty here only to {change[2]}; before it, {change[1]}. "
            "Whose territory the place was on this day is not settled by the sources.",
        )
    if change:
        verdict.caveats.append(
            "Borders changed here: the engine judges the place as it stood on this date (seeds/sovereignty.csv), "
            "not as today's map draws it."
        )
    if day < TURKEY_JOINS:
        verdict.caveats.append(
            "The kit evaluates Article 6 as amended by the 1951 Protocol. The original 1949 wording did not mention "
            "Turkey or the Mediterranean Sea; the Protocol's copy is cut off where it says from when the amended "
            "wording applies, so the kit's sources do not give that day."
        )
    if place.sea_area in ("Mediterranean", "North Atlantic") and verdict.status != "covered":
        verdict.caveats.append(
            "Article 6(ii) separately covers the forces, vessels or aircraft of a Party in or over the "
            "Mediterranean Sea or the North Atlantic area north of the Tropic of Cancer; that does not cover "
            "the place itself."
        )
    if place.note:
        verdict.caveats.append(place.note)
    verdict.caveats.append(KEY_DISTINCTION)
    return verdict


def _owner_phrase(case, code: str, party: bool, day: dt.date) -> str:
    if code in case.members.index:
        row = case.members.loc[code]
        joined = row["joined"].date()
        if party:
            return f"{row['name']} is a Party (since {joined.isoformat()})"
        return f"{row['name']} is not yet a Party on this date (it joined on {joined.isoformat()})"
    name = {"JPN": "Japan", "KOR": "South Korea", "AUS": "Australia", "NZL": "New Zealand", "CHN": "China"}
    name |= {"UKR": "Ukraine", "DZA": "Algeria"}
    return f"{name.get(code, code)} is not a Party to the treaty"


def _territory_in_europe_or_north_america(place: Place, party: bool, owner: str, day: dt.date) -> ClauseResult:
    clause, words = "6(i), first clause", "on the territory of any of the Parties in Europe or North America"
    if place.special == "algerian-departments" and day < ALGERIA_LAPSES:
        return ClauseResult(
            clause,
            words,
            DOES_NOT_APPLY,
            "the place lay in France's Algerian Departments, in Africa, not in Europe or North America; "
            "the treaty names those departments in a clause of their own.",
        )
    if not party:
        return ClauseResult(clause, words, DOES_NOT_APPLY, f"{owner}.")
    if place.continent_note:
        return ClauseResult(
            clause,
            words,
            CONTESTED,
            f"{owner}, but whether this territory lies \u201cin Europe or North America\u201d is a matter of "
            f"reading: {place.continent_note}",
        )
    if place.continent in ("Europe", "North America"):
        return ClauseResult(clause, words, APPLIES, f"{owner}, and the place lies in {place.continent}.")
    return ClauseResult(clause, words, DOES_NOT_APPLY, f"{owner}, but the place lies in {place.continent}.")


def _algerian_departments(place: Place, day: dt.date) -> ClauseResult:
    clause, words = "6(i), Algerian Departments", "on the Algerian Departments of France"
    if place.special != "algerian-departments":
        return ClauseResult(clause, words, DOES_NOT_APPLY, "the place was not part of the Algerian Departments.")
    if day >= ALGERIA_LAPSES:
        return ClauseResult(
            clause,
            words,
            LAPSED,
            "the North Atlantic Council noted on 16 January 1963 that the clause had become inapplicable as "
            "from 3 July 1962.",
        )
    return ClauseResult(clause, words, APPLIES, "the place lay in the Algerian Departments of France on this date.")


def _turkey(place: Place, day: dt.date) -> ClauseResult:
    clause, words = "6(i), Turkey", "on the territory of Turkey"
    if place.territory_of != "TUR":
        return ClauseResult(clause, words, DOES_NOT_APPLY, "the place is not Turkish territory.")
    if day < TURKEY_JOINS:
        return ClauseResult(
            clause, words, DOES_NOT_APPLY, "Turkey was not yet a Party: its accession took effect on 15 February 1952."
        )
    return ClauseResult(
        clause,
        words,
        APPLIES,
        f"the whole territory of Turkey is named, in Europe or in Asia ({place.continent} here).",
    )


def _islands(place: Place, party: bool, owner: str) -> ClauseResult:
    clause = "6(i), islands"
    words = (
        "on the islands under the jurisdiction of any of the Parties in the North Atlantic area north of the "
        "Tropic of Cancer"
    )
    if not place.island:
        return ClauseResult(clause, words, DOES_NOT_APPLY, "the place is not on an island.")
    if not party:
        return ClauseResult(
            clause, words, DOES_NOT_APPLY, f"{owner}, so the island is not under a Party's jurisdiction."
        )
    where = f"at {place.lat:.2f}° it lies"
    if place.lat <= TROPIC_OF_CANCER:
        return ClauseResult(
            clause, words, DOES_NOT_APPLY, f"{where} south of the Tropic of Cancer ({TROPIC_OF_CANCER}° N)."
        )
    near = " It is close to the line, whose exact position drifts slowly." if place.lat - TROPIC_OF_CANCER < 0.1 else ""
    if place.sea_area == "North Atlantic":
        return ClauseResult(
            clause,
            words,
            APPLIES,
            f"a Party's island in the North Atlantic; {where} north of the Tropic of Cancer.{near}",
        )
    if place.sea_area in ("Arctic Ocean", "Baltic Sea", "Mediterranean"):
        return ClauseResult(
            clause,
            words,
            CONTESTED,
            f"{where} north of the Tropic, but the treaty does not define the \u201cNorth Atlantic area\u201d, "
            "and whether "
            f"it includes the {place.sea_area} is a matter of reading.{near}",
        )
    return ClauseResult(
        clause, words, DOES_NOT_APPLY, f"the island lies in the {place.sea_area}, not in the North Atlantic area."
    )


def verdict_table(places=None, on=VILNIUS, case: Case | None = None):
    """One row per gazetteer place: its Article 6 status on a date and the clauses that decide it.

    >>> verdict_table(["honolulu", "nuuk"]).status.tolist()
    ['not covered', 'covered']
    """
    import pandas as pd

    case = resolve_case(case)
    rows = []
    for place_id in places if places is not None else case.places[case.places.kind == "edge case"].index:
        verdict = article6(place_id, on=on, case=case)
        deciding = [f"{c.clause} ({c.outcome})" for c in verdict.clauses if c.outcome in (APPLIES, CONTESTED)]
        rows.append(
            {
                "place": verdict.place.name,
                "latitude": round(verdict.place.lat, 2),
                "status": verdict.status,
                "clauses that apply or are contested": "; ".join(deciding) or "none",
            }
        )
    return pd.DataFrame(rows)

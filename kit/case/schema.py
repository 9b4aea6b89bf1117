"""The case data's tables and their columns, documented in one place.

Each table is one CSV file in the case directory (``seeds/`` by default).
Every row carries the id of its source (``source`` column, an id in
``sources.csv``). Offsets (``start``, ``end``) are Python string indices into
the article decoded as UTF-8, so that ``article[start:end] == text``.

List-valued cells hold ids separated by ``;``. Dates are ISO 8601: ``YYYY-MM-DD``,
or ``YYYY-MM`` / ``YYYY`` where a source gives only the month or the year.

>>> TABLES["actors"].column("kind").options
('person', 'group', 'state', 'organisation')
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """One column: its name, what it holds, and how it is checked.

    ``kind`` is one of: text, id, int, float, date (full ISO date), partial-date,
    enum (one of ``options``), ref (an id of table ``ref``), refs (a ``;`` list of
    such ids), tags (a ``;`` list of ``options``), yesno.
    """

    name: str
    kind: str
    doc: str
    required: bool = True
    options: tuple[str, ...] = ()
    ref: str = ""
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    doc: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


ACTOR_KINDS = ("person", "group", "state", "organisation")
STATEMENT_KINDS = ("quote", "paraphrase", "narration")
TOPICS = ("office", "geography", "partnership", "china", "security")
QUESTIONS = ("office", "engagement")
QUESTION_LABELS = {
    "office": "the NATO liaison office in Tokyo",
    "engagement": "NATO engagement in the Indo-Pacific",
}
NOT_STATED = "not stated in the article"
STANCES = ("supports", "keeps open", "mixed", "opposes", NOT_STATED)
FLAGS = ("VERIFIED", "VERIFIED (reported)")
SOURCE_KINDS = ("article", "treaty", "research", "official", "news", "secondary", "reference")
CONTINENTS = ("Europe", "North America", "South America", "Africa", "Asia", "Oceania", "Antarctica")
SEA_AREAS = (
    "none",
    "North Atlantic",
    "South Atlantic",
    "Caribbean",
    "Mediterranean",
    "Baltic Sea",
    "Arctic Ocean",
    "Pacific",
    "Indian Ocean",
)

SOURCE = Column("source", "ref", "id of the row's source in sources.csv", ref="sources")

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "article",
            "article.csv",
            "The source article's metadata record: one row.",
            (
                Column("id", "id", "always 'article'"),
                Column("title", "text", "the headline, exactly as printed (paragraph 0)"),
                Column("attribution_as_printed", "text", "the credit line, exactly as printed"),
                Column("published", "partial-date", "publication date, if the source states it", required=False),
                Column("events_start", "date", "first day of the events reported"),
                Column("events_end", "date", "last day of the events reported"),
                Column("events_place", "ref", "where the events took place", ref="places"),
                Column("file", "text", "the article's file in the case directory"),
                Column("source", "ref", "source of the event dates", ref="sources"),
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "sources",
            "sources.csv",
            "The bibliography: the article, the treaty, the research notes and each outside source used.",
            (
                Column("id", "id", "short id used by other tables' source column"),
                Column("kind", "enum", "what sort of source", options=SOURCE_KINDS),
                Column("title", "text", "title as published"),
                Column("publisher", "text", "who published it (the outlet for news)"),
                Column("date", "partial-date", "date of publication", required=False),
                Column("url", "text", "address where it was read", required=False),
                Column("file", "text", "copy kept in the case directory, if any", required=False),
                Column("note", "text", "anything a reader should know", required=False),
            ),
        ),
        Table(
            "actors",
            "actors.csv",
            "Every person, group, state and organisation the article names.",
            (
                Column("id", "id", "short id"),
                Column("name", "text", "full name"),
                Column("name_in_article", "text", "the name exactly as the article prints it"),
                Column("kind", "enum", "person, group, state or organisation", options=ACTOR_KINDS),
                Column("role", "text", "role or title"),
                Column("speaks_for", "ref", "the actor a person speaks for", required=False, ref="actors"),
                SOURCE,
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "stances",
            "stances.csv",
            "Each actor's stance on the two questions of the case, with the statements that show it.",
            (
                Column("actor", "ref", "actor id", ref="actors"),
                Column("question", "enum", "office or engagement", options=QUESTIONS),
                Column("stance", "enum", "the stance the article shows", options=STANCES),
                Column("evidence", "refs", "statement ids that show it", required=False, ref="statements"),
                Column("note", "text", "why, or what the article leaves out", required=False),
                SOURCE,
            ),
        ),
        Table(
            "statements",
            "statements.csv",
            "Every quotation (quote), attributed position (paraphrase) and claim in the article's own voice"
            " (narration).",
            (
                Column("id", "id", "short id"),
                Column("kind", "enum", "quote, paraphrase or narration", options=STATEMENT_KINDS),
                Column("speaker", "ref", "actor id; empty for narration", required=False, ref="actors"),
                Column("attributed_to", "text", "whom the article names, as printed"),
                Column("paragraph", "int", "paragraph number (0 is the headline)", low=0),
                Column("start", "int", "offset of the first character in the article", low=0),
                Column("end", "int", "offset after the last character", low=0),
                Column("text", "text", "the exact words of the article"),
                Column("tags", "tags", "topics", options=TOPICS),
                SOURCE,
                Column("note", "text", "how other sources render it, or caveats", required=False),
            ),
        ),
        Table(
            "events",
            "events.csv",
            "Dated events of the case and of the treaty's history.",
            (
                Column("id", "id", "short id"),
                Column("date", "date", "when it happened"),
                Column("title", "text", "what happened"),
                Column(
                    "place", "ref", "place id, only where a source says where it happened", required=False, ref="places"
                ),
                SOURCE,
                Column("evidence", "ref", "context row that documents it", required=False, ref="context"),
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "places",
            "places.csv",
            "The gazetteer: places of the case and classic Article 6 test cases, with the facts the engine needs.",
            (
                Column("id", "id", "short id"),
                Column("name", "text", "name shown to students"),
                Column("kind", "text", "NATO capital, partner capital, edge case..."),
                Column("territory_of", "text", "ISO 3166 alpha-3 code of the state whose territory it is"),
                Column("continent", "enum", "continent it lies on or is grouped with", options=CONTINENTS),
                Column("continent_note", "text", "why that grouping is uncertain, if it is", required=False),
                Column("island", "yesno", "is it on an island?"),
                Column("sea_area", "enum", "the sea it lies in or on", options=SEA_AREAS),
                Column("special", "enum", "a clause naming it", required=False, options=("algerian-departments",)),
                Column("lat", "float", "latitude, degrees north", low=-90, high=90),
                Column("lon", "float", "longitude, degrees east", low=-180, high=180),
                Column("geonames_id", "int", "GeoNames id of the coordinates", low=1),
                Column("coord_source", "ref", "source of the coordinates", ref="sources"),
                Column("facts_source", "ref", "source of the other facts", ref="sources"),
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "members",
            "members.csv",
            "NATO members and the date each joined.",
            (
                Column("id", "id", "ISO 3166 alpha-3 code"),
                Column("name", "text", "name"),
                Column("joined", "date", "date of accession"),
                SOURCE,
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "context",
            "context.csv",
            "Facts from outside the article, each quoted verbatim from the research notes (VERIFIED items only).",
            (
                Column("id", "id", "short id"),
                Column("section", "text", "section of context_facts.md"),
                Column("topic", "text", "theme: summit, office, itpp, china, macron, treaty, treaties..."),
                Column("date", "partial-date", "when it was said or reported"),
                Column("date_note", "text", "", required=False),
                Column("speaker", "text", "who said it", required=False),
                Column("kind", "enum", "a quote of the speaker, or a fact", options=("quote", "fact")),
                Column("text", "text", "verbatim from the research notes"),
                Column("flag", "enum", "verification flag", options=FLAGS),
                Column("reported_by", "text", "outlet that reported it (required for reported items)", required=False),
                SOURCE,
                Column("note", "text", "", required=False),
            ),
        ),
    ]
}

ARTICLE_FILE = "sources/000_7aa58db911bb6637.txt"
TREATY_FILE = "sources/north_atlantic_treaty.txt"
CONTEXT_FACTS_FILE = "sources/context_facts.md"

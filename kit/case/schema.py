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
TITLE_KINDS = ("as published", "description")
NOTES_FILES = ("context_facts.md", "context_facts_2.md")
SEATS = ("chair", "ally", "partner", "outside")
POINT_KINDS = ("interest", "constraint", "red line")
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
                Column("title", "text", "title as published, or the kit's description of an untitled source"),
                Column(
                    "title_kind",
                    "enum",
                    "'as published' (shown in quotation marks) or 'description' (the kit's words, shown without)",
                    options=TITLE_KINDS,
                ),
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
                Column("notes", "enum", "the research notes file it quotes", options=NOTES_FILES),
                Column("section", "text", "section of that file"),
                Column("topic", "text", "theme: summit, office, itpp, china, macron, treaty, treaties..."),
                Column(
                    "date",
                    "partial-date",
                    "when it was said or reported (empty if the source is undated)",
                    required=False,
                ),
                Column("date_note", "text", "", required=False),
                Column("speaker", "text", "who said it", required=False),
                Column("kind", "enum", "a quote of the speaker, or a fact", options=("quote", "fact")),
                Column("text", "text", "verbatim from the research notes"),
                Column("flag", "enum", "verification flag", options=FLAGS),
                Column("reported_by", "text", "outlet that reported it (required for reported items)", required=False),
                SOURCE,
                Column("note", "text", "", required=False),
                Column(
                    "translation",
                    "text",
                    "for words first said in another language: whose English rendering this is",
                    required=False,
                ),
            ),
        ),
        Table(
            "sovereignty",
            "sovereignty.csv",
            "Where borders changed: before a date, a gazetteer place (or a map outline) was not what it is today.",
            (
                Column("id", "id", "short id"),
                Column("place", "ref", "gazetteer place it concerns", required=False, ref="places"),
                Column("outline", "text", "ISO alpha-3 code of the Natural Earth outline it concerns", required=False),
                Column(
                    "until",
                    "partial-date",
                    "the change: before this day (or month, or year) the row holds; within a month or year given "
                    "alone the kit's sources do not date the change",
                ),
                Column("before", "text", "what the place or outline was before, in words shown to students"),
                Column(
                    "party_before",
                    "text",
                    "ISO code of the Party whose territory it was before (empty: no Party's)",
                    required=False,
                ),
                SOURCE,
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "partners",
            "partners.csv",
            "NATO partners the map shows, from the first date a VERIFIED source calls them partners.",
            (
                Column("id", "id", "ISO 3166 alpha-3 code"),
                Column("name", "text", "name"),
                Column("shown_from", "date", "the earliest date a VERIFIED source supports"),
                Column("evidence", "ref", "the context row that supports it", ref="context"),
                SOURCE,
                Column("note", "text", "", required=False),
            ),
        ),
        Table(
            "roles",
            "roles.csv",
            "The role-play's seats: Allies round the Council table, its chair, partners and an outside voice.",
            (
                Column("id", "id", "short id"),
                Column("name", "text", "the role as shown on its card"),
                Column(
                    "seat", "enum", "chair, ally (decides), partner (speaks when invited) or outside", options=SEATS
                ),
                Column("actor", "ref", "the article's actor, if the article names it", required=False, ref="actors"),
                Column("order", "int", "speaking order in the opening round", low=1),
                Column("brief", "text", "who the role is, in the kit's words (no new facts)"),
            ),
        ),
        Table(
            "role_points",
            "role_points.csv",
            "Each role's interests, constraints and red lines, each citing its evidence, or saying the sources are"
            " silent.",
            (
                Column("role", "ref", "role id", ref="roles"),
                Column("kind", "enum", "interest, constraint or red line", options=POINT_KINDS),
                Column("stated", "yesno", "yes: a source states it; no: the sources are silent"),
                Column("text", "text", "the point in the kit's words, or what the sources do not say"),
                Column("evidence", "refs", "context rows that show it", required=False, ref="context"),
                Column("statements", "refs", "article statements that show it", required=False, ref="statements"),
            ),
        ),
        Table(
            "options",
            "options.csv",
            "The policy options before the Council in the role-play, each grounded in a source.",
            (
                Column("id", "id", "short id (A, B, C, D)"),
                Column("label", "text", "the option in a few words"),
                Column("text", "text", "the draft decision put to the Council, in the kit's words"),
                Column("evidence", "refs", "context rows where the option appears", required=False, ref="context"),
                Column("statements", "refs", "article statements where it appears", required=False, ref="statements"),
            ),
        ),
        Table(
            "glossary",
            "glossary.csv",
            "Terms of the case, each defined by a source's words (context rows or treaty parts) or marked undefined.",
            (
                Column("id", "id", "short id"),
                Column("term", "text", "the term"),
                Column("context", "refs", "context rows whose words define it", required=False, ref="context"),
                Column(
                    "treaty",
                    "text",
                    "treaty part ids (art-5, art-6-i...) that define it, ';'-separated",
                    required=False,
                ),
                Column("note", "text", "the kit's note: where to meet the term, or that no source defines it"),
            ),
        ),
        Table(
            "reading",
            "reading.csv",
            "Curated further reading: sources from sources.csv, grouped, each with why to read it.",
            (
                Column("source", "ref", "source id", ref="sources"),
                Column("group", "text", "heading it appears under"),
                Column("why", "text", "what the reader gains, in the kit's words"),
            ),
        ),
    ]
}

ARTICLE_FILE = "sources/000_7aa58db911bb6637.txt"
TREATY_FILE = "sources/north_atlantic_treaty.txt"
CONTEXT_FACTS_FILE = "sources/context_facts.md"
CONTEXT_FACTS_2_FILE = "sources/context_facts_2.md"
NOTES_PATHS = {"context_facts.md": CONTEXT_FACTS_FILE, "context_facts_2.md": CONTEXT_FACTS_2_FILE}

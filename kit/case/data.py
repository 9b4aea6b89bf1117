"""Load the case data as pandas DataFrames: ``kit.load_case()``.

Data flows one way: the files in ``seeds/`` are read and checked by
:mod:`kit.case.validate`, then turned into DataFrames here. Nothing is ever written
back. The columns of every table are documented in :mod:`kit.case.schema`.

>>> case = load_case()
>>> case.quotes("Macron").text.iloc[0][:21]
'Geography is stubborn'
>>> len(case.members_on("2023-07-11"))
31
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd

from kit.case.schema import QUESTIONS, TABLES
from kit.case.validate import CaseFiles, validate_case
from kit.core.errors import DataError, InputError, unknown_name
from kit.core.paths import SEEDS
from kit.core.render import Rendered
from kit.geography.treaty import parse_treaty

DEFAULT_DIRECTORY = SEEDS
_CACHE: dict[tuple, Case] = {}


def case_directory(directory: str | os.PathLike | None = None) -> Path:
    """The case directory: the argument, else ``$KIT_CASE_DIR``, else the kit's own ``seeds/``."""
    return Path(directory or os.environ.get("KIT_CASE_DIR") or DEFAULT_DIRECTORY).resolve()


def load_case(directory: str | os.PathLike | None = None) -> Case:
    """Load, check and cache the case data; raise :class:`~kit.core.errors.DataError` if anything is wrong.

    Later calls return the cached :class:`Case` until any file in the folder changes. Every table it hands
    out is a fresh copy, so a notebook that edits ``case.places`` changes nothing that another caller sees.

    >>> load_case().actors.loc["macron", "role"]
    'President of France'
    """
    folder = case_directory(directory)
    key = (folder, _stamp(folder))
    if key not in _CACHE:
        files = validate_case(folder)
        if not files.ok:
            shown = "\n".join(f"  - {p}" for p in files.problems[:8])
            more = f"\n  … and {len(files.problems) - 8} more" if len(files.problems) > 8 else ""
            raise DataError(
                f"The case data in {folder} has {len(files.problems)} problem(s):\n{shown}{more}\n"
                f"Fix them, or run `python -m kit validate {folder}` for the full list.",
                files.problems,
            )
        _CACHE.clear()
        _CACHE[key] = Case(files)
    return _CACHE[key]


def _stamp(folder: Path) -> tuple:
    # Every file below the folder, sources/ included: an edit anywhere must reload the case.
    stamps = []
    for path in sorted(folder.rglob("*")):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file():
            stamps.append((str(path.relative_to(folder)), info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def resolve_case(case: Case | None = None) -> Case:
    """The case given, or the loaded one: what every view, figure, map and widget calls first.

    >>> resolve_case() is load_case()
    True
    """
    return load_case() if case is None else case


def as_date(value, what: str = "date") -> dt.date:
    """Read a date given as ``"2023-07-11"``, a ``datetime.date`` or a pandas Timestamp.

    >>> as_date("2023-07-11")
    datetime.date(2023, 7, 11)
    """
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(
            f"The {what} {value!r} is not a date the kit can read. Write it as YYYY-MM-DD, for example '2023-07-11'."
        ) from None


class _Table:
    """A table of the case: every read hands out a copy, so no caller can change another's data."""

    def __set_name__(self, owner, name: str) -> None:
        self.private = "_" + name

    def __get__(self, case, owner=None):
        if case is None:
            return self
        return getattr(case, self.private).copy()

    def __set__(self, case, frame) -> None:
        setattr(case, self.private, frame)


class Case:
    """The case: the article, the treaty and every table, as pandas DataFrames.

    Attributes: ``article`` (str), ``article_info`` (its metadata record), ``paragraphs``, ``actors``, ``stances``,
    ``statements``, ``events``, ``places``, ``treaty``, ``members``,
    ``sources``, ``context``, ``sovereignty``, ``partners``, ``roles``, ``role_points``, ``options``, ``glossary``,
    ``reading`` (DataFrames indexed by id where rows have one). Each read of a table gives a copy.
    """

    paragraphs = _Table()
    article_info = _Table()
    sources = _Table()
    statements = _Table()
    stances = _Table()
    actors = _Table()
    events = _Table()
    places = _Table()
    members = _Table()
    context = _Table()
    treaty = _Table()
    sovereignty = _Table()
    partners = _Table()
    roles = _Table()
    role_points = _Table()
    options = _Table()
    glossary = _Table()
    reading = _Table()

    def __init__(self, files: CaseFiles):
        self.directory = files.directory
        self.article = files.article
        self.treaty_text = files.treaty_text
        rows = files.rows
        self.paragraphs = _paragraphs(self.article)
        self.article_info = pd.Series(rows["article"][0]).fillna("")
        self.sources = _frame(rows["sources"])
        self.statements = _frame(rows["statements"])
        self.stances = pd.DataFrame(rows["stances"]).fillna("")
        actors = _frame(rows["actors"])
        for question in QUESTIONS:  # the validator makes sure of one row per actor and question
            chosen = self.stances[self.stances.question == question].set_index("actor")
            actors[f"{question}_stance"] = chosen.stance  # aligned on the actor id
        self.actors = actors
        self.events = _frame(rows["events"], dates=("date",))
        self.places = _frame(rows["places"])
        self.members = _frame(rows["members"], dates=("joined",))
        self.context = _frame(rows["context"])
        self.treaty = _frame(parse_treaty(self.treaty_text))
        self.sovereignty = _frame(rows["sovereignty"])
        self.partners = _frame(rows["partners"], dates=("shown_from",))
        self.roles = _frame(rows["roles"]).sort_values("order")
        self.role_points = pd.DataFrame(rows["role_points"]).fillna("")
        self.options = _frame(rows["options"])
        self.glossary = _frame(rows["glossary"])
        self.reading = pd.DataFrame(rows["reading"]).fillna("")

    def __repr__(self) -> str:
        return (
            f"<Case: {len(self.actors)} actors, {len(self.statements)} statements, {len(self.events)} events, "
            f"{len(self.places)} places, {len(self.treaty)} treaty parts, {len(self.members)} members, "
            f"{len(self.context)} context facts, {len(self.sources)} sources>"
        )

    # -- look-ups ---------------------------------------------------------------------------------
    def actor_id(self, name: str) -> str:
        """The id of an actor given by id, name or the name the article prints (any case).

        >>> load_case().actor_id("Jens Stoltenberg")
        'stoltenberg'
        """
        wanted = str(name).strip().lower()
        for actor_id, row in self.actors.iterrows():
            names = {
                actor_id.lower(),
                row["name"].lower(),
                row["name_in_article"].lower(),
                row["name"].split()[-1].lower(),
            }
            if wanted in names:
                return actor_id
        raise unknown_name("actor", name, self.actors.index, "Use an id from case.actors.")

    def actor(self, name: str) -> pd.Series:
        """One actor's row (role, whom they speak for, stances)."""
        return self.actors.loc[self.actor_id(name)]

    def place(self, name: str) -> pd.Series:
        """One place of the gazetteer, by id or name (any case)."""
        wanted = str(name).strip().lower()
        for place_id, row in self.places.iterrows():
            if wanted in (place_id.lower(), row["name"].lower(), row["name"].split(" (")[0].lower()):
                return row
        raise unknown_name("place", name, self.places.index, "Use an id from case.places.")

    def statement(self, statement_id: str) -> pd.Series:
        """One statement's row, by id."""
        if statement_id not in self.statements.index:
            raise unknown_name("statement", statement_id, self.statements.index)
        return self.statements.loc[statement_id]

    # -- questions a notebook asks ----------------------------------------------------------------
    def quotes(self, actor: str | None = None) -> pd.DataFrame:
        """Direct quotations in the article, optionally of one actor.

        >>> load_case().quotes("stoltenberg").index.tolist()
        ['stoltenberg-on-the-table', 'stoltenberg-security-global']
        """
        quotes = self.statements[self.statements.kind == "quote"]
        return quotes if actor is None else quotes[quotes.speaker == self.actor_id(actor)]

    def statements_by(self, actor: str) -> pd.DataFrame:
        """Every quote and paraphrase the article attributes to an actor."""
        return self.statements[self.statements.speaker == self.actor_id(actor)]

    def statements_tagged(self, topic: str) -> pd.DataFrame:
        """Statements tagged with a topic (office, geography, partnership, china, security)."""
        options = TABLES["statements"].column("tags").options
        if topic not in options:
            raise unknown_name("topic", topic, options)
        return self.statements[self.statements.tags.apply(lambda tags: topic in tags)]

    def stance(self, actor: str, question: str) -> pd.Series:
        """An actor's stance on ``"office"`` or ``"engagement"``, with its evidence and note."""
        if question not in QUESTIONS:
            raise unknown_name("question", question, QUESTIONS)
        actor_id = self.actor_id(actor)
        rows = self.stances[(self.stances.actor == actor_id) & (self.stances.question == question)]
        return rows.iloc[0]

    def members_on(self, date) -> pd.DataFrame:
        """The NATO members on a date (the treaty in force, accession deposited by then).

        >>> "SWE" in load_case().members_on("2023-07-11").index
        False
        """
        day = pd.Timestamp(as_date(date))
        return self.members[self.members.joined <= day].sort_values(["joined", "name"])

    def paragraph(self, number: int) -> str:
        """The text of a paragraph of the article (0 is the headline)."""
        if number not in self.paragraphs.index:
            raise InputError(
                f"The article has paragraphs 0 to {self.paragraphs.index.max()}; there is no paragraph {number!r}."
            )
        return self.paragraphs.loc[number, "text"]

    def in_context(self, statement_id: str) -> Rendered:
        """The paragraph that holds a statement, with the statement marked.

        >>> print(load_case().in_context("stoltenberg-on-the-table"))  # doctest: +ELLIPSIS
        Paragraph 7 · quote · Stoltenberg
          > “[[The issue of the liaison office is still on the table, and it will be considered in the future]],” ...
        """
        row = self.statement(statement_id)
        para = self.paragraphs.loc[row["paragraph"]]
        before = self.article[para["start"] : row["start"]]
        after = self.article[row["end"] : para["end"]]
        result = Rendered([("title", f"Paragraph {row['paragraph']} · {row['kind']} · {row['attributed_to']}")])
        result.add("passage", f"{before}[[{row['text']}]]{after}")
        if row["note"]:
            result.add("note", self.readable(row["note"]))
        return result.add("line", f"Source: {self.cite('article')}")

    def show_article(self) -> Rendered:
        """The article with numbered paragraphs, its metadata and its source, for reading in a notebook.

        >>> str(load_case().show_article()).splitlines()[1][:30]
        '[1] NATO leaders have sparked '
        """
        info = self.article_info
        result = Rendered([("title", self.paragraph(0))])
        for number, row in self.paragraphs.iterrows():
            if row["kind"] == "body":
                result.add("line", f"[{number}] {row['text']}")
        place = self.places.loc[info["events_place"], "name"]
        published = info["published"] or "not stated in the source file"
        result.add("note", f"Attribution as printed: {info['attribution_as_printed']}. Published: {published}.")
        result.add("note", f"Events reported: {place}, {info['events_start']} to {info['events_end']}.")
        return result.add("line", f"Source: {self.cite('article')}")

    def cite(self, source_id: str) -> str:
        """A short citation of a source: publisher, title, date, address.

        A title the source prints stands in quotation marks; the kit's description of an untitled source does not.

        >>> load_case().cite("nato-itpp-2023")[:4]
        'NATO'
        >>> load_case().cite("nato-consensus").split(", ")[1]
        '“Consensus decision-making at NATO”'
        """
        if source_id not in self.sources.index:
            raise unknown_name("source", source_id, self.sources.index)
        row = self.sources.loc[source_id]
        title = f"“{row['title']}”" if row["title_kind"] == "as published" else row["title"]
        parts = [row["publisher"], title]
        if row["date"]:
            parts.append(row["date"])
        if row["url"]:
            parts.append(row["url"])
        elif row["file"]:
            parts.append(f"seeds/{row['file']}")
        return ", ".join(parts)

    def context_label(self, context_id: str) -> str:
        """A research row as a reader cites it: its outlet (or publisher) and date, never its id.

        >>> load_case().context_label("ctx2-fin-swe-apply")
        'NATO, 2022-05-18'
        """
        if context_id not in self.context.index:
            raise unknown_name("context row", context_id, self.context.index)
        row = self.context.loc[context_id]
        outlet = row["reported_by"] or self.sources.loc[row["source"], "publisher"]
        return f"{outlet}, {row['date']}" if row["date"] else outlet

    def readable(self, text: str) -> str:
        """A note as a student should read it: every research-row id becomes its outlet and date.

        >>> load_case().readable("See ctx-jt-french-official.")
        'See The Japan Times, 2023-07-09.'
        """
        known = self.context.index
        return _CONTEXT_ID.sub(lambda m: self.context_label(m[0]) if m[0] in known else m[0], str(text))

    def context_on(self, topic: str) -> pd.DataFrame:
        """Context facts on a theme (summit, office, itpp, china, macron, treaty, treaties...), by date."""
        topics = sorted(set(self.context.topic))
        if topic not in topics:
            raise unknown_name("topic", topic, topics)
        return self.context[self.context.topic == topic].sort_values("date")


_CONTEXT_ID = re.compile(r"\bctx2?-[a-z0-9]+(?:-[a-z0-9]+)*")


def _frame(rows: list[dict], dates: tuple[str, ...] = ()) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    others = [c for c in frame.columns if c not in dates]
    frame[others] = frame[others].fillna("")  # an empty optional cell reads as "", never NaN
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame.set_index("id", drop=False).rename_axis(None)


def _paragraphs(article: str) -> pd.DataFrame:
    rows, position = [], 0
    blocks = article.split("\n\n")
    for number, block in enumerate(blocks):
        text = block.strip("\n")
        start = position + block.index(text) if text else position
        kind = "title" if number == 0 else "attribution" if text.startswith("©") else "body"
        if number == len(blocks) - 1 and text == "Related News":
            kind = "trailer"
        rows.append({"number": number, "kind": kind, "start": start, "end": start + len(text), "text": text})
        position += len(block) + 2
    return pd.DataFrame(rows).set_index("number", drop=False).rename_axis(None)

"""Plain functions behind the notebooks' widgets: each returns text-and-HTML results from the case data.

Every widget wraps one of these, and the notebooks also call them once with
default values so that a static render (GitHub, nbviewer, PDF) shows real output.

>>> str(actor_card("Kishida")).splitlines()[0]
'Fumio Kishida — Prime Minister of Japan'
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kit.case.data import Case, as_date, resolve_case
from kit.case.schema import NOT_STATED, QUESTION_LABELS, QUESTIONS
from kit.core.errors import unknown_name
from kit.core.paths import NOTEBOOKS
from kit.core.render import Rendered, Table
from kit.geography.geo import first_day


def actor_card(actor: str, case: Case | None = None) -> Rendered:
    """Who an actor is, whom they speak for, and their stance on each question with the statements that show it."""
    case = resolve_case(case)
    row = case.actor(actor)
    card = Rendered([("title", f"{row['name']} — {row['role']}")])
    if row["speaks_for"]:
        card.add("line", f"Speaks for: {case.actors.loc[row['speaks_for'], 'name']}")
    card.add("line", f"Kind: {row['kind']}")
    for question in QUESTIONS:
        stance = case.stance(row["id"], question)
        card.add("line", f"On {QUESTION_LABELS[question]}: {stance['stance'].upper()}")
        for statement_id in stance["evidence"]:
            statement = case.statements.loc[statement_id]
            card.add("quote", f"¶{statement['paragraph']} ({statement['kind']}): {statement['text']}")
        if stance["note"]:
            card.add("note", readable(stance["note"], case))
        elif stance["stance"] == NOT_STATED:
            card.add("note", "The article does not say. Do not fill the gap with a guess.")
    return card


def readable(text: str, case: Case | None = None) -> str:
    """A note as a student should read it: research-row ids become the outlet (or publisher) and the date.

    >>> readable("See ctx-jt-french-official.")
    'See The Japan Times, 2023-07-09.'
    """
    return resolve_case(case).readable(text)


def events_table(case: Case | None = None) -> Table:
    """The dated events of the case with the publisher of each event's source (no internal ids).

    >>> str(events_table()).splitlines()[0].split()
    ['date', 'event', 'source']
    """
    case = resolve_case(case)
    events = case.events.sort_values("date")
    frame = pd.DataFrame(
        {
            "date": events.date.dt.strftime("%d %B %Y").str.lstrip("0"),
            "event": events.title,
            "source": [case.sources.loc[s, "publisher"] if s in case.sources.index else s for s in events.source],
        }
    )
    return Table(frame)


def stance(actor: str, question: str, case: Case | None = None) -> Rendered:
    """One actor's stance on one question (``"office"`` or ``"engagement"``), with the kit's note on it.

    >>> str(stance("Kishida", "office")).splitlines()[0]
    'Fumio Kishida on the NATO liaison office in Tokyo: NOT STATED IN THE ARTICLE'
    """
    case = resolve_case(case)
    row = case.stance(actor, question)
    name = case.actors.loc[row["actor"], "name"]
    result = Rendered([("line", f"{name} on {QUESTION_LABELS[question]}: {row['stance'].upper()}")])
    if row["note"]:
        result.add("note", readable(row["note"], case))
    return result


def statement_kinds(case: Case | None = None) -> Table:
    """How many of the article's statements are quotes, paraphrases and narration, as a small table.

    >>> str(statement_kinds()).splitlines()[0].split()
    ['kind', 'statements']
    """
    case = resolve_case(case)
    counts = case.statements.kind.value_counts()
    frame = pd.DataFrame({"kind": counts.index, "statements": counts.to_numpy()})
    return Table(frame)


def treaty_articles(*parts: str, case: Case | None = None) -> Rendered:
    """Treaty articles verbatim from seeds/, e.g. ``treaty_articles("art-5", "art-6", "art-10")``."""
    case = resolve_case(case)
    result = Rendered()
    for part in parts or ("art-5", "art-6", "art-10"):
        row = case.treaty.loc[part]
        result.add("title", row["label"])
        for line in row["text"].split("\n"):
            result.add("quote", line)
    return result.add("line", f"Source: {case.cite('treaty')}")


def timeline(
    start="2023-01-01", end="2023-12-31", speaker: str = "all", topic: str = "china", case: Case | None = None
) -> Rendered:
    """Dated context statements on a topic between two dates, optionally of one speaker, each with its source."""
    case = resolve_case(case)
    rows = _timeline_rows(case, topic)
    first, last = as_date(start).isoformat(), as_date(end).isoformat()
    # Partial dates ("2023-05") count from the first day of their month or year.
    day = rows.date.map(first_day)
    chosen = rows[(day >= first) & (day <= last)]
    if speaker != "all":
        chosen = chosen[chosen.speaker == speaker]
    result = Rendered([("title", f"{len(chosen)} statement(s) from {first} to {last}")])
    for _, row in chosen.iterrows():
        add_context_row(result, row, case)
    if chosen.empty:
        result.add("line", "No statement in this range. Widen the dates or choose 'all' speakers.")
    return result


def add_context_row(result: Rendered, row: pd.Series, case: Case) -> Rendered:
    """One context row as a reader should meet it: when, who, how verified, in whose English, then the words.

    A quotation is shown as a quotation; the research notes' own summary (kind ``fact``) is introduced as such,
    never dressed as someone's words; a translation says whose rendering it is.
    """
    flag = row["flag"] + (f", via {row['reported_by']}" if row["reported_by"] else "")
    when = row["date"] or "undated"
    result.add("line", f"{when} · {row['speaker'] or 'unattributed'} · {flag}")
    if row["kind"] == "quote":
        if row["translation"]:
            result.add("note", f"Translation: {row['translation']}")
        result.add("quote", row["text"])
    else:
        who = f"{row['reported_by']} reported" if row["reported_by"] else "The research notes state"
        result.add("line", f"{who} (in the research notes' summary, not a quotation): {row['text']}")
    if row["note"]:
        result.add("note", row["note"])
    return result.add("note", f"Source: {case.cite(row['source'])} (context {row['id']})")


def evidence(*ids: str, title: str = "", case: Case | None = None) -> Rendered:
    """Context rows by id, each with its date, speaker, flag, translation and source.

    >>> print(evidence("ctx2-fin-swe-apply"))  # doctest: +ELLIPSIS
    2022-05-18 · NATO · VERIFIED
      > Finland and Sweden on Wednesday morning (18 May 2022) simultaneously handed in their official letters ...
      Note: Source: NATO, “Finland and Sweden submit applications to join NATO”, 2022-05-18, https://...
    """
    case = resolve_case(case)
    result = Rendered([("title", title)] if title else [])
    for context_id in ids:
        if context_id not in case.context.index:
            raise unknown_name("context row", context_id, case.context.index)
        add_context_row(result, case.context.loc[context_id], case)
    return result


def days_between(first: str, last: str) -> int:
    """Whole days from one ISO date to another (the accession teaching point: Finland took 321 days).

    >>> days_between("2022-05-18", "2023-04-04"), days_between("2022-05-18", "2024-03-07")
    (321, 659)
    """
    return (as_date(last) - as_date(first)).days


def _timeline_rows(case, topic: str) -> pd.DataFrame:
    return case.context[case.context.topic == topic].sort_values("date")


def timeline_speakers(topic: str = "china", case: Case | None = None) -> list[str]:
    return sorted(set(_timeline_rows(resolve_case(case), topic).speaker) - {""})


def renderings(statement_id: str = "macron-geography-stubborn", case: Case | None = None) -> pd.DataFrame:
    """How the article and the news agencies rendered a remark (for source criticism)."""
    case = resolve_case(case)
    article = case.statements.loc[statement_id]
    printed = case.article_info["attribution_as_printed"]
    rows = [
        {"rendered by": f"the article (printed as “{printed}”)", "text": article["text"], "flag": "the source article"}
    ]
    context = case.context[case.context.notes == "context_facts.md"]
    macron = context[(context.section == "5.2") & context.text.str.contains("geography", case=False)]
    for _, row in macron.iterrows():
        rows.append({"rendered by": row["reported_by"], "text": row["text"], "flag": row["flag"]})
    return pd.DataFrame(rows)


def compare_treaties(case: Case | None = None) -> pd.DataFrame:
    """The geographic clauses of NATO and four other alliance treaties, verbatim, with their sources."""
    case = resolve_case(case)
    rows = [
        {
            "treaty": "North Atlantic Treaty (1949; Article 6 as amended by the 1951 Protocol), Art. 6(i)",
            "where an attack counts": case.treaty.loc["art-6-i", "text"],
            "source": case.sources.loc["treaty", "title"],
        }
    ]
    for _, row in case.context[case.context.topic == "treaties"].iterrows():
        rows.append(
            {
                "treaty": row["note"],
                "where an attack counts": row["text"],
                "source": case.sources.loc[row["source"], "title"],
            }
        )
    return pd.DataFrame(rows)


def lesson_map(folder=None) -> pd.DataFrame:
    """The notebooks in order, each with its title, time and prerequisites, read from the notebook's own header.

    Reading the headers (not a copy of them) keeps the map and the notebooks in agreement.

    >>> lesson_map().notebook.iloc[0]
    '00_start_here.ipynb'
    """
    import json

    rows = []
    for path in sorted(Path(folder or NOTEBOOKS).glob("[0-9][0-9]_*.ipynb")):
        header = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        fields = dict(re.findall(r"\*\*(Estimated time|Prerequisites):\*\* ([^·\n]+)", header))
        title = next((line[2:] for line in header.splitlines() if line.startswith("# ")), path.stem)
        rows.append(
            {
                "notebook": path.name,
                "what it covers": title.split(" · ", 1)[-1],
                "time": fields.get("Estimated time", "").strip(),
                "prerequisites": fields.get("Prerequisites", "").strip(),
            }
        )
    return pd.DataFrame(rows)

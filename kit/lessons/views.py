"""Plain functions behind the notebooks' widgets: each returns text-and-HTML results from the case data.

Every widget wraps one of these, and the notebooks also call them once with
default values so that a static render (GitHub, nbviewer, PDF) shows real output.

>>> str(actor_card("Kishida")).splitlines()[0]
'Fumio Kishida — Prime Minister of Japan'
"""

from __future__ import annotations

import re

import pandas as pd

from kit.case.data import Case, as_date, resolve_case
from kit.case.schema import NOT_STATED, QUESTION_LABELS, QUESTIONS
from kit.core.render import Rendered, Table


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


_CONTEXT_ID = re.compile(r"\bctx-[a-z0-9]+(?:-[a-z0-9]+)*\b")


def readable(text: str, case: Case | None = None) -> str:
    """A note as a student should read it: research-row ids become the outlet (or publisher) and the date.

    >>> readable("See ctx-jt-french-official.")
    'See The Japan Times, 2023-07-09.'
    """
    case = resolve_case(case)

    def citation(match: re.Match) -> str:
        row_id = match.group(0)
        if row_id not in case.context.index:
            return row_id
        row = case.context.loc[row_id]
        outlet = row["reported_by"] or case.sources.loc[row["source"], "publisher"]
        return f"{outlet}, {row['date']}"

    return _CONTEXT_ID.sub(citation, text)


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
        flag = row["flag"] + (f", via {row['reported_by']}" if row["reported_by"] else "")
        result.add("line", f"{row['date']} · {row['speaker'] or 'unattributed'} · {flag}")
        result.add("quote", row["text"])
        result.add("note", f"Source: {case.cite(row['source'])}")
    if chosen.empty:
        result.add("line", "No statement in this range. Widen the dates or choose 'all' speakers.")
    return result


def first_day(partial_date: str) -> str:
    """The first day of a partial ISO date, so that dates of different precision sort and compare.

    >>> first_day("2023-05"), first_day("1965"), first_day("2023-07-12")
    ('2023-05-01', '1965-01-01', '2023-07-12')
    """
    return partial_date + "-01" * ((10 - len(partial_date)) // 3)


def _timeline_rows(case, topic: str) -> pd.DataFrame:
    return case.context[case.context.topic == topic].sort_values("date")


def timeline_speakers(topic: str = "china", case: Case | None = None) -> list[str]:
    return sorted(set(_timeline_rows(resolve_case(case), topic).speaker) - {""})


def renderings(statement_id: str = "macron-geography-stubborn", case: Case | None = None) -> pd.DataFrame:
    """How the article and the news agencies rendered a remark (for source criticism)."""
    case = resolve_case(case)
    article = case.statements.loc[statement_id]
    rows = [{"rendered by": "the article (Japan Times)", "text": article["text"], "flag": "the source article"}]
    macron = case.context[(case.context.section == "5.2") & case.context.text.str.contains("geography", case=False)]
    for _, row in macron.iterrows():
        rows.append({"rendered by": row["reported_by"], "text": row["text"], "flag": row["flag"]})
    return pd.DataFrame(rows)


def compare_treaties(case: Case | None = None) -> pd.DataFrame:
    """The geographic clauses of NATO and four other alliance treaties, verbatim, with their sources."""
    case = resolve_case(case)
    rows = [
        {
            "treaty": "North Atlantic Treaty (1949), Art. 6(i)",
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

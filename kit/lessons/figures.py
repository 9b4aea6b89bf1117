"""Figures a student sees: each is a :class:`~kit.core.render.Picture` (a PNG with its text description and caption).

Descriptions are written from the same data as the drawing, so the words and the picture cannot disagree, and
colour is never the only signal (every stance cell carries its word; verification is shown by marker shape).

>>> picture = stance_figure()
>>> picture.png[:4] == b"\\x89PNG" and "Jens Stoltenberg: keeps open" in picture.description
True
>>> "Wang Wenbin" in china_timeline_figure().description
True
"""

from __future__ import annotations

import datetime as dt

from kit.case.data import Case, as_date, resolve_case
from kit.case.schema import NOT_STATED, QUESTION_LABELS, QUESTIONS
from kit.core.render import Picture
from kit.lessons.palette import BLUE, GREY, LIGHT_GREY, STANCE_COLOURS, VERMILLION
from kit.lessons.views import first_day

DPI = 100


def _figure(width: float, height: float):
    # A bare Figure (no pyplot): nothing global changes, and no second copy is shown by an inline backend.
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _short(stance: str) -> str:
    return "not stated" if stance == NOT_STATED else stance


def stance_figure(case: Case | None = None) -> Picture:
    """A grid: one row per actor, one column per question, each cell coloured and labelled with the stance."""
    from matplotlib.patches import Rectangle

    case = resolve_case(case)
    actors = case.actors
    inferred = _inferred(case)
    figure = _figure(8, 0.42 * len(actors) + 1.2)
    ax = figure.add_subplot()
    for row, (_actor_id, actor) in enumerate(actors.iterrows()):
        for column, question in enumerate(QUESTIONS):
            stance = actor[f"{question}_stance"]
            ax.add_patch(Rectangle((column, row), 1, 1, facecolor=STANCE_COLOURS[stance], edgecolor="#444444"))
            label = _short(stance) + (" (inferred)" if (_actor_id, question) in inferred else "")
            ax.text(column + 0.5, row + 0.5, label, ha="center", va="center", fontsize=9)
    ax.set_xlim(0, len(QUESTIONS))
    ax.set_ylim(len(actors), 0)
    ax.set_xticks([i + 0.5 for i in range(len(QUESTIONS))], [QUESTION_LABELS[q] for q in QUESTIONS])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(actors))], list(actors.name))
    ax.tick_params(length=0)
    ax.set_title("What the article shows each actor wants", fontsize=11)
    return Picture.from_matplotlib(
        figure,
        _stance_description(actors, inferred),
        caption="Stances at a glance: one row per actor, one column per question (source: the article; "
        "'inferred' marks a stance the article implies but never states)",
        dpi=DPI,
    )


def _inferred(case: Case) -> set[tuple[str, str]]:
    """(actor, question) pairs whose stance the article implies rather than states (the stance note says so)."""
    stances = case.stances
    marked = stances[stances.note.str.lower().str.startswith("inferred")]
    return set(zip(marked.actor, marked.question, strict=True))


def _stance_description(actors, inferred: set[tuple[str, str]]) -> str:
    parts = [f"A grid of {len(actors)} actors by {len(QUESTIONS)} questions; each cell names the stance."]
    for question in QUESTIONS:
        stated = [
            f"{a['name']}: {_short(a[f'{question}_stance'])}" + (" (inferred)" if (i, question) in inferred else "")
            for i, a in actors.iterrows()
        ]
        stated = [s for s in stated if "not stated" not in s]
        silent = sum(actors[f"{question}_stance"] == NOT_STATED)
        parts.append(
            f"On {QUESTION_LABELS[question]}: {'; '.join(stated) or 'no actor takes a stated position'}"
            f"; not stated in the article for the other {silent}."
        )
    return " ".join(parts)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def china_timeline_figure(case: Case | None = None, start="2023-01-01", end="2023-12-31") -> Picture:
    """China's dated statements on NATO in Asia as a timeline: one row per speaker, one marker per statement.

    Filled markers are VERIFIED (wording read in the source), hollow ones VERIFIED (reported) by an outlet. A
    dashed line marks Nikkei Asia's report of the office plan; a shaded band marks the Vilnius summit.
    """
    import matplotlib.dates as mdates

    case = resolve_case(case)
    first, last = as_date(start), as_date(end)
    rows = case.context[case.context.topic == "china"].copy()
    rows["day"] = rows.date.map(lambda d: dt.date.fromisoformat(first_day(d)))
    rows = rows[(rows.day >= first) & (rows.day <= last) & (rows.speaker != "")].sort_values(["day", "flag"])
    speakers = list(dict.fromkeys(rows.speaker))  # in order of first statement
    figure = _figure(9, 0.7 * len(speakers) + 2.2)
    ax = figure.add_subplot()
    seen: dict[tuple[str, dt.date], int] = {}
    for _, row in rows.iterrows():
        y = speakers.index(row["speaker"])
        repeat = seen[(row["speaker"], row["day"])] = seen.get((row["speaker"], row["day"]), -1) + 1
        verified = row["flag"] == "VERIFIED"
        ax.plot(
            [row["day"]], [y + 0.18 * repeat], marker="o", markersize=10, linestyle="none",
            markerfacecolor=BLUE if verified else "white", markeredgecolor=BLUE, markeredgewidth=2,
        )  # fmt: skip
    plan, summit = _trigger_and_summit(case)
    if plan:
        ax.axvline(plan, color=VERMILLION, linestyle="--", linewidth=1.5)
        ax.annotate("Nikkei Asia reports\nthe office plan", (plan, -0.6), fontsize=8, color="#222222")
    if summit:
        ax.axvspan(summit[0], summit[1] + dt.timedelta(days=1), color=LIGHT_GREY, zorder=0)
        ax.annotate("Vilnius\nsummit", (summit[0], -0.6), fontsize=8, ha="right", color="#222222")
    ax.set_yticks(range(len(speakers)), [_wrap(s) for s in speakers], fontsize=9)
    ax.set_ylim(len(speakers) - 0.4, -0.9)
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(axis="x", color=GREY, alpha=0.3)
    ax.plot([], [], "o", markerfacecolor=BLUE, markeredgecolor=BLUE, label="VERIFIED (wording read in the source)")
    ax.plot([], [], "o", markerfacecolor="white", markeredgecolor=BLUE, label="VERIFIED (reported by an outlet)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=8, frameon=False)
    ax.set_title("China's statements on NATO in the Asia-Pacific, by speaker and date", fontsize=11, pad=28)
    return Picture.from_matplotlib(
        figure,
        _timeline_description(rows, speakers, plan, summit),
        caption="China's dated statements (research notes, each row VERIFIED or VERIFIED (reported))",
        dpi=DPI,
    )


def _trigger_and_summit(case):
    """The date of Nikkei Asia's report of the plan and the summit's first and last day, from the case data."""
    plan = case.context.date.get("ctx-nikkei-plan")
    days = sorted(case.events[case.events.place == "vilnius"].date.dt.date) if "place" in case.events else []
    summit = (days[0], days[-1]) if days else None
    return (dt.date.fromisoformat(plan) if plan else None), summit


def _wrap(speaker: str, width: int = 28) -> str:
    words, lines = speaker.split(), [""]
    for word in words:
        if len(lines[-1]) + len(word) + 1 > width and lines[-1]:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    return "\n".join(lines)


def _timeline_description(rows, speakers, plan, summit) -> str:
    if rows.empty:
        return "No dated statement by a Chinese speaker in this range."
    span = f"from {_long_date(rows.day.min())} to {_long_date(rows.day.max())}"
    parts = [f"A timeline of {len(rows)} statements by {len(speakers)} speakers, {span}."]
    for speaker in speakers:
        mine = rows[rows.speaker == speaker]
        dates = [
            f"{_long_date(r.day)} ({r.flag}{f', via {r.reported_by}' if r.reported_by else ''})"
            for r in mine.itertuples()
        ]
        parts.append(f"{speaker}: {', '.join(dates)}.")
    if plan:
        parts.append(f"A dashed line marks Nikkei Asia's report of the office plan on {_long_date(plan)}.")
    if summit:
        parts.append(f"A shaded band marks the Vilnius summit, {_long_date(summit[0])} to {_long_date(summit[1])}.")
    return " ".join(parts)

"""The role-play of notebook 05: role cards, the policy options and the running order, all from the case data.

Each card lists a role's interests, constraints and red lines. A stated point cites the context rows and
article statements behind it; where the sources are silent the card says so instead of guessing.

>>> str(role_card("germany")).splitlines()[0]
'Germany — ally (takes part in the decision)'
>>> "SOURCES SILENT" in str(role_card("united-states"))
True
"""

from __future__ import annotations

import pandas as pd

from kit.case.data import Case, resolve_case
from kit.case.schema import POINT_KINDS
from kit.core.errors import unknown_name
from kit.core.render import Rendered

SEAT_LABELS = {
    "chair": "chair (seeks consensus; does not vote, as no one does)",
    "ally": "ally (takes part in the decision)",
    "partner": "partner (speaks when invited; not part of the decision)",
    "outside": "outside the room (speaks to the press only)",
}
SILENT = "SOURCES SILENT"


def _role(case: Case, role: str) -> pd.Series:
    roles = case.roles
    wanted = str(role).strip().lower()
    for role_id, row in roles.iterrows():
        if wanted in (role_id, row["name"].lower()):
            return row
    raise unknown_name("role", role, roles.index, "Use an id from case.roles.")


def _citations(case: Case, point: pd.Series) -> str:
    cited = [case.context_label(c) for c in point["evidence"]]
    statements, names = case.statements, case.actors.name
    for s in point["statements"]:
        row = statements.loc[s]
        cited.append(
            f"the article, ¶{row['paragraph']} ({names.get(row['speaker'], row['attributed_to'])}, {row['kind']})"
        )
    return "; ".join(cited)


def role_card(role: str, case: Case | None = None) -> Rendered:
    """A role's briefing: who it is, then each interest, constraint and red line with its evidence."""
    case = resolve_case(case)
    row = _role(case, role)
    card = Rendered([("title", f"{row['name']} — {SEAT_LABELS[row['seat']]}")])
    card.add("line", row["brief"])
    points = case.role_points[case.role_points.role == row["id"]]
    for kind in POINT_KINDS:
        for _, point in points[points.kind == kind].iterrows():
            if point["stated"]:
                card.add("item", f"{kind.capitalize()}: {point['text']}")
                card.add("note", f"Evidence: {_citations(case, point)}")
            else:
                card.add("item", f"{kind.capitalize()}: {SILENT}. {point['text']}")
                if len(point["evidence"]) or len(point["statements"]):
                    card.add("note", f"See: {_citations(case, point)}")
    card.add("note", "Quote the evidence, not this card: it is printed in full in this notebook's evidence tables.")
    return card


def role_cards(case: Case | None = None) -> Rendered:
    """Every role's card, in speaking order."""
    case = resolve_case(case)
    result = Rendered()
    for role_id in case.roles.index:
        result.blocks += role_card(role_id, case).blocks
    return result


def role_table(case: Case | None = None) -> pd.DataFrame:
    """The seats at a glance: role, seat, speaking order, and how many points the sources state or leave silent.

    >>> int(role_table().seat.value_counts()["ally"])
    4
    """
    case = resolve_case(case)
    points = case.role_points
    rows = []
    for role_id, row in case.roles.iterrows():
        mine = points[points.role == role_id]
        rows.append(
            {
                "order": row["order"],
                "role": row["name"],
                "seat": row["seat"],
                "points stated by a source": int(mine.stated.sum()),
                "points on which the sources are silent": int((~mine.stated.astype(bool)).sum()),
            }
        )
    return pd.DataFrame(rows)


def options(case: Case | None = None) -> Rendered:
    """The policy options before the Council, each with the sources where it appears.

    >>> str(options()).count("Option ")
    4
    """
    case = resolve_case(case)
    result = Rendered([("title", "Options before the Council")])
    for option_id, row in case.options.iterrows():
        result.add("item", f"Option {option_id} · {row['label']}: {row['text']}")
        result.add("note", f"Where it appears: {_citations(case, row)}")
    return result


def role_explorer(default: str = "chair", case: Case | None = None):
    """A labelled drop-down, **Role** → that role's card (precomputed, so a change answers at once).

    >>> box = role_explorer()
    >>> box.controls["role"].value = "germany"
    >>> "Germany" in box.output.value
    True
    """
    from kit.lessons.widgets import chooser

    case = resolve_case(case)
    pages = {i: (row["name"], role_card(i, case)._repr_html_()) for i, row in case.roles.iterrows()}
    return chooser("Role", pages, default)

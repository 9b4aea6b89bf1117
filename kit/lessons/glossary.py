"""The glossary and the further-reading list of notebook 06, both built from the case data.

Every definition is a source's own words (a context row or a treaty part), with its citation; where no
source defines a term, the entry says so and shows the term in use instead.

>>> str(glossary("consensus")).splitlines()[0]
'consensus'
>>> "no NATO definition" in str(glossary("liaison office"))
True
"""

from __future__ import annotations

from kit.case.data import Case, resolve_case
from kit.core.errors import unknown_name
from kit.core.render import Rendered


def glossary(*terms: str, case: Case | None = None) -> Rendered:
    """Glossary entries (all of them when no term is given): the kit's note, then the source's words, cited."""
    case = resolve_case(case)
    entries = case.glossary
    chosen = []
    for term in terms:
        wanted = str(term).strip().strip('"').lower()
        match = entries[(entries.index == wanted) | (entries.term.str.strip('"').str.lower() == wanted)]
        if match.empty:
            raise unknown_name("glossary term", term, entries.term)
        chosen.append(match.index[0])
    result = Rendered()
    for entry_id in chosen or entries.index:
        row = entries.loc[entry_id]
        result.add("title", row["term"])
        result.add("line", row["note"])
        for part in [p.strip() for p in row["treaty"].split(";") if p.strip()]:
            result.add("quote", case.treaty.loc[part, "text"])
            result.add("note", f"Source: the North Atlantic Treaty, {case.treaty.loc[part, 'label']}")
        for context_id in row["context"]:
            context = case.context.loc[context_id]
            result.add("quote", context["text"])
            flag = context["flag"] + (f", via {context['reported_by']}" if context["reported_by"] else "")
            result.add("note", f"Source: {case.cite(context['source'])} ({flag}; context {context_id})")
    return result


def further_reading(case: Case | None = None) -> Rendered:
    """The curated reading list, grouped, each source with why to read it and where to find it.

    >>> str(further_reading()).splitlines()[0]
    'The case'
    """
    case = resolve_case(case)
    result = Rendered()
    reading = case.reading
    for group in dict.fromkeys(reading.group):
        result.add("title", group)
        for _, row in reading[reading.group == group].iterrows():
            result.add("item", f"{case.cite(row['source'])}. {row['why']}")
    return result


def glossary_explorer(default: str = "consensus", case: Case | None = None):
    """A labelled drop-down, **Term** → its entry, with the source's words (precomputed).

    >>> box = glossary_explorer()
    >>> box.controls["term"].value = "partner"
    >>> "partners" in box.output.value
    True
    """
    from kit.lessons.widgets import chooser

    case = resolve_case(case)
    pages = {i: (row["term"], glossary(i, case=case)._repr_html_()) for i, row in case.glossary.iterrows()}
    return chooser("Term", pages, default)

"""The accuracy audit's kinds of mistake, each as a test. Expected values come from the research notes and the
source article themselves (or from datetime), never from the kit's own tables or code.

- An outlet's words reporting someone must be credited to the outlet, not put in the reported person's mouth.
- A reported remark keeps its qualifiers ("not extremely attached" is not "not attached").
- A number of days is tied to the event it counts to (659 days is Sweden's wait for membership, not for approval).
- A claim about the language someone spoke stands in the notes; where the notes are silent the kit does not guess.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from .conftest import ROOT, SEEDS

NOTES = {
    name: (SEEDS / "sources" / name).read_text(encoding="utf-8") for name in ("context_facts.md", "context_facts_2.md")
}


def prose_paragraphs():
    """Every markdown paragraph of every notebook, lines joined, as (notebook name, paragraph)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                text = re.sub(r"^> ?", "", "".join(cell["source"]), flags=re.M)
                for paragraph in re.split(r"\n\s*\n", text):
                    yield path.name, " ".join(paragraph.split())


def card_texts(case):
    return [(f"role card {p.role}/{p.kind}", p.text) for _, p in case.role_points.iterrows()]


def quoted(text: str) -> list[str]:
    return [q for q in re.findall(r"[“\"]([^”\"]{6,}?)[”\"]", text)]


# -- an outlet's words are the outlet's -----------------------------------------------------------------------
def outlet_worded_rows(case):
    """Rows whose words the notes give as an outlet's own, reporting an official: (row id, outlet, text)."""
    rows = []
    for row_id, row in case.context.iterrows():
        match = re.search(r"\b([A-Z]\w+)'s (?:words reporting|own account)", row.note or "")
        if match:
            rows.append((row_id, match.group(1), row.text))
    return rows


def test_the_notes_print_these_words_as_the_outlets():
    """The premise, from the notes: Jiji's 2023 text reports what 'a senior German official said'."""
    jiji = '"NATO may need more time to discuss a proposal for establishing a liaison office in Tokyo, '
    assert jiji + "a senior German official said Monday." in NOTES["context_facts_2.md"]


def test_outlets_words_are_credited_to_the_outlet(case):
    rows = outlet_worded_rows(case)
    assert any(outlet == "Jiji" for _, outlet, _ in rows) and any(outlet == "Kyodo" for _, outlet, _ in rows)
    places = list(prose_paragraphs()) + card_texts(case)
    checked = 0
    for where, text in places:
        for quote in quoted(text):
            for row_id, outlet, row_text in rows:
                if len(quote) >= 10 and quote.strip(" .,") in row_text:
                    credit = rf"\b{outlet}\w*(?: Press)?(?:'s words|'s own| reported| wrote)"
                    assert re.search(credit, text), (
                        f"{where}: “{quote}” are {outlet}'s words ({row_id}); say so "
                        f"(e.g. '{outlet} reported…', '{outlet}'s words'), not that the official said them"
                    )
                    checked += 1
    assert checked >= 2


def test_an_official_is_not_made_to_say_an_outlets_words():
    bad = 'A senior German official told Jiji Press that NATO "may need more time"'
    assert not re.search(r"\bJiji\w*(?: Press)?(?:'s words|'s own| reported| wrote)", bad)


# -- qualifiers kept ------------------------------------------------------------------------------------------
def test_reported_remarks_keep_their_qualifiers(case):
    """The Elysée official said the Japanese were 'not extremely attached' to the office (notes §1.3)."""
    assert "they are not extremely attached to it" in NOTES["context_facts_2.md"]
    for where, text in list(prose_paragraphs()) + card_texts(case):
        if "attached" in text and "Japan" in text:
            assert "not extremely attached" in text, f"{where}: keep the source's 'not extremely attached'"
            assert not re.search(r"\bnot attached\b", text), where


# -- days tied to their events --------------------------------------------------------------------------------
def notes_date(pattern: str) -> dt.date:
    match = re.search(pattern, NOTES["context_facts_2.md"])
    assert match, pattern
    return dt.date.fromisoformat(match.group(1))


def test_days_in_the_prose_count_to_membership():
    applied = dt.date(2022, 5, 18)  # "Wednesday morning (18 May 2022)" in the notes
    assert "(18 May 2022)" in NOTES["context_facts_2.md"]
    finland = dt.date(
        2023, 4, 4
    )  # "On 4 April … Finland will become a NATO member country at the moment of the deposit"
    sweden = notes_date(r"Government Offices of Sweden, (\d{4}-\d\d-\d\d)")
    approved = notes_date(r"Hungary, Monday (\d{4}-\d\d-\d\d)")
    membership = {(finland - applied).days, (sweden - applied).days}
    assert membership == {321, 659}
    assert (approved - applied).days == 649  # all Allies had approved ten days before Sweden became a member
    seen = 0
    for where, paragraph in prose_paragraphs():
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            for days in re.findall(r"\b(\d{3}) days\b", sentence):
                assert int(days) in membership, f"{where}: {days} days matches no dated event in the notes"
                assert re.search(r"\bmember", sentence), f"{where}: say what the {days} days count to (membership)"
                seen += 1
    assert seen >= 1


# -- languages --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("column", ["translation", "note"])
def test_a_speakers_language_is_stated_only_where_the_notes_state_it(case, column):
    notes = NOTES["context_facts.md"] + NOTES["context_facts_2.md"]
    for row_id, row in case.context.iterrows():
        for name, language in re.findall(r"\b([A-Z]\w+) spoke (?:in )?([A-Z]\w+)", row[column] or ""):
            assert re.search(rf"\b{name} spoke (?:in )?{language}", notes), (
                f"{row_id}: the notes do not say {name} spoke {language}; say the notes are silent instead"
            )

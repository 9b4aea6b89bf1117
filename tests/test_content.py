"""The case in depth: the new research notes shipped intact, dated sovereignty, quotations that are quotations,
attributions, role cards, the glossary and the lesson map. Expected values come from the source files themselves
and from tables derived by hand, never from the code under test."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit.case.validate import is_quotation_in, quoted_spans, validate_case
from kit.geography.article6 import article6
from kit.lessons import glossary, roleplay, views

from .conftest import ROOT, SEEDS, replace_in

# sha256 of /work/shared/sources/context_facts_2.md, the research folder's copy, taken when it was copied.
CONTEXT_FACTS_2_SHA256 = "07e1f866650141524d240191c27aab573462f97d6fef1df6d229eed327bc4de1"


def test_the_new_research_notes_ship_byte_for_byte(case):
    data = (SEEDS / "sources" / "context_facts_2.md").read_bytes()
    assert hashlib.sha256(data).hexdigest() == CONTEXT_FACTS_2_SHA256
    assert case.sources.loc["context-facts-2", "file"] == "sources/context_facts_2.md"


# -- dated sovereignty: Berlin, hand-derived ------------------------------------------------------------------------
# The gazetteer's point lies in what was East Berlin; Germany joined on 6 May 1955 as the Federal Republic; the kit's
# sources date unification only to the year 1990. So: not covered before 1990 (the point was no Party's territory),
# open to argument during 1990 (the sources do not say on which day), covered from 1991.
BERLIN = [
    ("1950-01-01", "not covered"),
    ("1955-05-06", "not covered"),
    ("1960-01-01", "not covered"),
    ("1989-12-31", "not covered"),
    ("1990-01-01", "contested"),
    ("1990-12-31", "contested"),
    ("1991-01-01", "covered"),
    ("2023-07-11", "covered"),
]


@pytest.mark.parametrize("day, status", BERLIN)
def test_berlin_is_judged_by_its_dated_sovereignty(day, status):
    verdict = article6("berlin", on=day)
    assert verdict.status == status
    if status != "covered":
        assert any("Borders changed here" in c for c in verdict.caveats)


@pytest.mark.parametrize(
    "place, day, status",
    [  # places with no border change in the gazetteer keep their verdicts (hand-checked against Article 6's words)
        ("paris", "1960-01-01", "covered"),  # a Party's territory in Europe
        ("ankara", "1960-01-01", "covered"),  # "the territory of Turkey", a Party since 15 February 1952
        ("algiers", "1960-01-01", "covered"),  # "the Algerian Departments of France", before 3 July 1962
        ("helsinki", "2023-01-01", "not covered"),  # Finland joined on 4 April 2023
    ],
)
def test_places_without_a_history_are_unchanged(place, day, status):
    assert article6(place, on=day).status == status
    assert not any("Borders changed" in c for c in article6(place, on=day).caveats)


def test_no_verdict_claims_when_the_amended_article_6_took_effect():
    """The sources do not give that day (the 1951 Protocol's copy is cut off there)."""
    for day in ("1950-01-01", "1952-01-01"):
        text = str(article6("ankara", on=day))
        assert "took effect" not in text.replace("accession took effect", "")


# -- quotations must be quotations -------------------------------------------------------------------------------
plain = st.text(alphabet=st.characters(blacklist_characters='"\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'), max_size=40)


@given(before=plain, inside=plain.filter(bool), after=plain)
def test_words_between_quotation_marks_are_a_quotation(before, inside, after):
    assert is_quotation_in(inside, f'{before}"{inside}"{after}')


@given(before=plain.filter(bool), inside=plain)
def test_words_outside_quotation_marks_are_not(before, inside):
    if before not in inside:
        assert not is_quotation_in(before, f'{before}"{inside}"')


def test_quoted_spans_pair_marks_line_by_line():
    assert quoted_spans('a "b" c "d"\n"e" f "g') == ["b", "d", "e"]


def test_every_quote_row_stands_between_quotation_marks_in_its_notes(case):
    # An independent reading of the notes: a regular expression over each line, not the validator's split.
    for notes in ("context_facts.md", "context_facts_2.md"):
        spans = re.findall(r'"([^"\n]*)"', (SEEDS / "sources" / notes).read_text(encoding="utf-8"))
        rows = case.context[(case.context.notes == notes) & (case.context.kind == "quote")]
        for context_id, row in rows.iterrows():
            assert any(row.text in s for s in spans), context_id


def test_the_notes_own_summary_cannot_be_filed_as_a_quote(seeds_copy):
    replace_in(
        seeds_copy / "context.csv",
        "ctx-consensus,context_facts.md,5.1,office,2023-06-05,,,fact,",
        "ctx-consensus,context_facts.md,5.1,office,2023-06-05,,,quote,",
    )
    problems = validate_case(seeds_copy).problems
    assert [(p.row_id, p.field) for p in problems] == [("ctx-consensus", "kind")]


def test_a_title_built_by_the_kit_cannot_pose_as_published(case, seeds_copy):
    assert case.sources.loc["globaltimes-2023-07", "title_kind"] == "description"
    assert "“" not in case.cite("globaltimes-2023-07")
    replace_in(
        seeds_copy / "sources.csv",
        "Global Times on Macron's stance,description",
        "Global Times on Macron's stance,as published",
    )
    problems = validate_case(seeds_copy).problems
    assert [(p.row_id, p.field) for p in problems] == [("globaltimes-2023-07", "title_kind")]


# -- attributions and translations -------------------------------------------------------------------------------
def test_reported_facts_are_attributed_not_voiced_by_the_kit():
    shown = str(views.evidence("ctx-consensus"))
    assert "Jiji Press reported" in shown and "not a quotation" in shown and "  > " not in shown


def test_translated_remarks_are_marked_as_translations(case):
    # Hand-picked from the notes: remarks they give only in an outlet's or their own English rendering.
    for context_id in ("ctx-cn-2023-05-26", "ctx-cn-2023-05-04", "ctx-macron-reuters", "ctx2-wang-0606-going-east"):
        assert case.context.loc[context_id, "translation"], context_id
        assert "Translation:" in str(views.evidence(context_id))
    assert "unverified" in case.context.loc["ctx-cn-2023-05-26", "translation"]


def test_article_publisher_is_as_printed(case):
    assert "© TheJapantimes" in case.sources.loc["article", "publisher"]
    assert "© TheJapantimes" in (SEEDS / "sources" / "000_7aa58db911bb6637.txt").read_text(encoding="utf-8")
    assert "Japan Times)" not in views.renderings().iloc[0]["rendered by"]


def test_macron_office_stance_is_labelled_inferred_and_cites_the_outside_report(case):
    stance = case.stance("Macron", "office")
    assert stance.note.startswith("Inferred") and "ctx-macron-partnership" in stance.note
    assert stance.source == "reuters-macron-2023-07-12"


# -- dates from the sources ----------------------------------------------------------------------------------------
def test_article5_confirmation_is_dated_as_nato_dates_it(case):
    notes = (SEEDS / "sources" / "context_facts_2.md").read_text(encoding="utf-8")
    assert 'NATO Update headed "Invocation of Article 5 confirmed", dated 2 Oct. 2001' in notes
    assert case.events.loc["article5-confirmed", "date"].date() == dt.date(2001, 10, 2)
    assert "ctx-article5-invoked" not in case.context.index  # the Wikipedia row that said 4 October


def test_accession_days_by_hand():
    # 18 May 2022 → 4 April 2023: 13 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 + 4 = 321 days.
    assert views.days_between("2022-05-18", "2023-04-04") == 321
    # 4 April 2023 → 7 March 2024: 26 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 29 + 7 = 338 days.
    assert views.days_between("2022-05-18", "2024-03-07") == 321 + 338


# -- role-play, glossary, reading ----------------------------------------------------------------------------------
def test_every_role_has_interests_constraints_and_red_lines_or_says_the_sources_are_silent(case):
    assert 6 <= len(case.roles[case.roles.seat.isin(["ally", "partner", "chair"])]) <= 8
    for role_id in case.roles.index:
        card = str(roleplay.role_card(role_id))
        for kind in ("Interest:", "Constraint:", "Red line:"):
            assert kind in card, (role_id, kind)
    points = case.role_points
    for _, point in points[points.stated.astype(bool)].iterrows():
        cited = list(point.evidence) + list(point.statements)
        assert cited, point.text
        for context_id in point.evidence:
            assert case.context.loc[context_id, "flag"].startswith("VERIFIED")


def test_a_stated_point_without_evidence_is_refused(seeds_copy):
    replace_in(
        seeds_copy / "role_points.csv",
        "Keep the office proposal alive for later.,ctx-stoltenberg-table,",
        "Keep the office proposal alive for later.,,",
    )
    replace_in(seeds_copy / "role_points.csv", "stoltenberg-on-the-table;stoltenberg-under-consideration", "")
    problems = validate_case(seeds_copy).problems
    assert [(p.file, p.field) for p in problems] == [("role_points.csv", "evidence")]


def test_glossary_definitions_are_the_sources_words(case):
    for entry_id, row in case.glossary.iterrows():
        shown = str(glossary.glossary(entry_id))
        for context_id in row.context:
            assert case.context.loc[context_id, "text"] in shown
    assert "no NATO definition" in case.glossary.loc["liaison-office", "note"]


def test_reading_list_uses_only_the_bibliography(case):
    assert set(case.reading.source) <= set(case.sources.index)
    assert str(glossary.further_reading()).count("  - ") == len(case.reading)


def test_partners_are_shown_only_from_a_verified_date(case):
    for _, row in case.partners.iterrows():
        assert case.context.loc[row.evidence, "flag"] == "VERIFIED"
        assert "2016" in case.context.loc[row.evidence, "text"]  # "Since 2016, NATO has increasingly engaged..."


# -- the lesson map agrees with the notebooks' own headers ---------------------------------------------------------
def test_lesson_map_matches_each_notebook_header():
    table = views.lesson_map()
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert table.notebook.tolist() == [p.name for p in paths]
    for path, time in zip(paths, table.time, strict=True):
        header = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        assert f"**Estimated time:** {time}" in header
        assert re.search(r"\d+ minutes", time), path.name


def test_quotations_on_role_cards_are_in_the_evidence_they_cite(case):
    """A phrase in quotation marks on a card must stand in one of the rows or statements that card point cites."""
    for _, point in case.role_points.iterrows():
        cited = [case.context.loc[c, "text"] for c in point.evidence]
        cited += [case.statements.loc[s, "text"] for s in point.statements]
        for quote in re.findall(r'"([^"]+)"', point.text):
            assert any(quote in text for text in cited), (point.role, quote)

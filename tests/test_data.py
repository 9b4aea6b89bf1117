"""The case data: faithful to its sources, complete, and served by a loader that never writes."""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest

import kit
from kit.case.schema import FLAGS, NOT_STATED, TABLES

from .conftest import ROOT, SEEDS

# SHA-256 of the files in ../shared/sources as handed to the project (computed once with sha256sum).
SOURCE_HASHES = {
    "000_7aa58db911bb6637.txt": "ced755ef62c595856c3401b15ca749ef1b0326315f16c41075ac8df558aa7654",
    "north_atlantic_treaty.txt": "83d074134046ef6198c127d6fe819878a05d9300714fc33b168653e63fd75fd9",
    "context_facts.md": "8b0d6bcd05f8df8a6f422b9e54c4a3124935365e8a331697dcb922be6b75dd74",
}

# Every actor the article names, as a reader finds them (typed from the article, not from the data).
NAMED_IN_ARTICLE = [
    "Emmanuel Macron",
    "Jens Stoltenberg",
    "Fumio Kishida",
    "NATO officials",
    "NATO",
    "France",
    "Japan",
    "China",
    "United States",
    "South Korea",
    "Australia",
    "New Zealand",
    "Lithuania",
]


@pytest.mark.parametrize("name", sorted(SOURCE_HASHES))
def test_source_documents_are_kept_byte_for_byte(name):
    digest = hashlib.sha256((SEEDS / "sources" / name).read_bytes()).hexdigest()
    assert digest == SOURCE_HASHES[name]


def test_every_table_has_its_documented_columns(case):
    for table in TABLES.values():
        frame = case.article_info.to_frame().T if table.name == "article" else getattr(case, table.name)
        assert set(table.names) <= set(frame.columns), table.name
        assert len(frame) > 0


def test_every_statement_is_a_verbatim_span_of_the_article(case):
    article = (SEEDS / "sources" / "000_7aa58db911bb6637.txt").read_bytes().decode("utf-8")
    for sid, row in case.statements.iterrows():
        assert article[row.start : row.end] == row.text, sid


def test_every_quote_stands_between_quotation_marks_in_the_article(case):
    for sid, row in case.quotes().iterrows():
        opening = case.article[row.start - 1]
        closing = case.article[row.end : row.end + 2]
        assert opening == "“", sid
        assert "”" in closing, sid


def test_quotes_are_the_article_quotations_and_only_them(case):
    quoted = re.findall(r"“([^”]+?)[,]?”", case.article)
    assert sorted(q.rstrip(",") for q in quoted) == sorted(case.quotes().text)


def test_every_actor_named_in_the_article_is_present(case):
    printed = set(case.actors.name_in_article)
    for name in NAMED_IN_ARTICLE:
        assert name in case.article, f"test list is wrong: {name!r} is not in the article"
        assert name in printed, f"{name!r} is named in the article but missing from actors.csv"
    for name in printed:
        assert name in case.article


def test_every_stated_stance_has_evidence_from_the_actor_or_the_article(case):
    assert len(case.stances) == 2 * len(case.actors)
    for _, row in case.stances.iterrows():
        if row.stance == NOT_STATED:
            continue
        assert row.evidence, (row.actor, row.question)
        speaks_for = case.actors.loc[row.actor, "speaks_for"]
        for sid in row.evidence:
            speaker = case.statements.loc[sid, "speaker"]
            assert speaker in (row.actor, speaks_for, "") or case.actors.loc[speaker, "speaks_for"] == row.actor, (
                row.actor,
                sid,
            )


def test_stances_where_the_article_is_silent_say_so(case):
    assert case.stance("Kishida", "office").stance == NOT_STATED
    assert case.stance("china", "engagement").stance == NOT_STATED
    assert case.stance("Macron", "office").stance == "opposes"
    assert case.stance("Stoltenberg", "office").stance == "keeps open"


def test_context_rows_are_verified_sourced_and_verbatim(case):
    notes = {n: (SEEDS / "sources" / n).read_text(encoding="utf-8") for n in ("context_facts.md", "context_facts_2.md")}
    for cid, row in case.context.iterrows():
        assert row.flag in FLAGS, cid
        assert row.source in case.sources.index, cid
        assert row.text in notes[row.notes], cid
        if row.flag == "VERIFIED (reported)":
            assert row.reported_by, f"{cid}: a reported item must name its outlet"


def test_no_unverified_item_is_used_as_context(case):
    """The flag that governs a line is its own first flag, else the last flag stated before it."""
    flag = re.compile(r"\*\*[^*]*?\b((?:UN)?VERIFIED[^*]*)\*\*")
    governing = {}
    for notes in ("context_facts.md", "context_facts_2.md"):
        governing[notes], current = [], ""
        for line in (SEEDS / "sources" / notes).read_text(encoding="utf-8").splitlines():
            own = flag.findall(line)
            governing[notes].append((line, own[0] if own else current))
            current = own[-1] if own else current
    for cid, row in case.context.iterrows():
        flags = [f for line, f in governing[row.notes] if row.text in line]
        assert flags, cid
        assert all(f.startswith("VERIFIED") for f in flags), f"{cid} is governed by {flags}"


def test_members_on_a_date_follow_accessions(case):
    vilnius = case.members_on("2023-07-11")
    assert len(vilnius) == 31
    assert "FIN" in vilnius.index and "SWE" not in vilnius.index
    assert len(case.members_on("2024-03-07")) == 32
    assert case.members_on("1949-05-01").empty  # signed, not yet in force
    assert {"GRC", "TUR"} <= set(case.members_on("1952-02-15").index)
    assert "GRC" not in case.members_on("1952-02-14").index


def test_members_on_rejects_a_date_it_cannot_read(case):
    with pytest.raises(kit.InputError, match="YYYY-MM-DD"):
        case.members_on("11 July")


def test_quotes_and_lookups_by_name(case):
    assert "macron-geography-stubborn" in case.quotes("Macron").index
    assert case.actor_id("jens stoltenberg") == "stoltenberg"
    with pytest.raises(kit.UnknownNameError, match="Did you mean 'macron'"):
        case.quotes("Macrom")


def test_in_context_marks_the_statement_in_its_paragraph(case):
    passage = case.in_context("macron-geography-stubborn")
    text, page = str(passage), passage._repr_html_()
    assert "[[Geography is stubborn" in text and "Paragraph 5" in text
    assert "<mark>Geography is stubborn" in page
    assert "Macron stated" in text  # the rest of the paragraph is shown too


def test_treaty_rows_quote_the_treaty_file(case):
    assert case.treaty.loc["art-6-i", "text"].startswith("(i) on the territory of any of the Parties")
    assert case.treaty.loc["art-6-ii", "text"].startswith("(ii) on the forces, vessels, or aircraft")
    for rid, row in case.treaty.iterrows():
        assert case.treaty_text[row.start : row.end] == row.text, rid
        assert not row.text.startswith("#")
    assert set(range(1, 15)) <= set(case.treaty.article)


def test_article_record_matches_the_article(case):
    assert case.article_info.title == case.paragraph(0)
    assert case.article_info.attribution_as_printed == "© TheJapantimes"
    assert (str(case.article_info.events_start), str(case.article_info.events_end)) == ("2023-07-11", "2023-07-12")
    assert case.article_info.published == ""  # the source file does not say
    assert "Published: not stated in the source file" in str(case.show_article())


def test_paragraphs_cover_the_article(case):
    body = case.paragraphs[case.paragraphs.kind == "body"]
    assert body.index.tolist() == list(range(1, 12))
    assert case.paragraph(0) == "Mixed Messages Surround NATO’s Office Controversy in Japan"


def test_load_case_is_cached(case):
    assert kit.load_case() is kit.load_case()


def test_loading_never_writes_to_the_case_directory(seeds_copy):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in seeds_copy.rglob("*") if p.is_file()}
    kit.load_case(seeds_copy)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in seeds_copy.rglob("*") if p.is_file()}
    assert before == after


def test_places_cover_the_gazetteer_the_lessons_need(case):
    wanted = ["tokyo", "seoul", "canberra", "wellington", "beijing", "kyiv", "honolulu", "anchorage", "guam"]
    wanted += ["san-juan", "canary-islands", "azores", "madeira", "bermuda", "nuuk", "svalbard", "falklands"]
    wanted += ["cayenne", "ceuta", "melilla", "istanbul", "algiers", "brussels", "vilnius"]
    assert set(wanted) <= set(case.places.index)
    capitals = case.places[case.places.kind == "NATO capital"]
    assert set(capitals.territory_of) == set(case.members.index)


def test_dates_are_real_dates(case):
    assert pd.api.types.is_datetime64_any_dtype(case.events.date)
    assert pd.api.types.is_datetime64_any_dtype(case.members.joined)


def test_pyproject_and_seeds_live_side_by_side():
    assert (ROOT / "pyproject.toml").is_file() and SEEDS.is_dir()


def test_a_caller_editing_a_table_changes_nothing_another_caller_sees():
    import kit
    from kit.geography.article6 import article6

    case = kit.load_case()
    before = article6("honolulu").covered
    places = case.places
    places.loc["honolulu", "lat"] = 10.0  # south of the Tropic of Cancer
    places.loc["honolulu", "territory_of"] = "JPN"
    assert kit.load_case().places.loc["honolulu", "territory_of"] == "USA"
    assert article6("honolulu").covered == before


def test_the_cache_follows_an_edit_inside_sources(seeds_copy):
    import os

    import kit

    first = kit.load_case(seeds_copy)
    article = seeds_copy / "sources" / "north_atlantic_treaty.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Article 6", "Article 6", 1) + "\n", encoding="utf-8")
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert kit.load_case(seeds_copy) is not first


def test_views_take_the_case_they_are_given(seeds_copy):
    import kit
    from kit.lessons.views import actor_card
    from tests.conftest import replace_in

    replace_in(seeds_copy / "actors.csv", "President of France", "President of the French Republic")
    edited = kit.load_case(seeds_copy)
    assert "President of the French Republic" in str(actor_card("macron", case=edited))
    assert "President of the French Republic" not in str(actor_card("macron"))

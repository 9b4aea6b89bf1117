"""The loader (kit/case/data.py) against the seed files themselves, read here with the csv module.

Every expected value comes from the CSV files in ``seeds/``, the article file in ``seeds/sources/`` or a
hand-derived table, never from the loader's own constants. The case is built afresh in this module (a copy
of the seeds in a temporary folder), not taken from ``load_case()``'s cache, so what is checked is what the
loader builds now.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kit.case import data
from kit.case.data import as_date, case_directory, load_case, resolve_case
from kit.core.errors import DataError, InputError, KitError

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = (SEEDS / "sources" / "000_7aa58db911bb6637.txt").read_text(encoding="utf-8")
DATE_COLUMNS = {"events": "date", "members": "joined", "partners": "shown_from"}
BY_ID = ["sources", "statements", "events", "places", "members", "context", "sovereignty", "partners", "options"]


def seed_rows(table: str) -> list[dict[str, str]]:
    with open(SEEDS / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A case loaded from a copy of the seeds: built by the loader in this test run, not taken from a cache."""
    folder = tmp_path_factory.mktemp("case") / "seeds"
    shutil.copytree(SEEDS, folder)
    return load_case(folder)


def same(written: str, value) -> bool:
    """Does a loaded cell hold what the CSV cell says? (An empty optional cell must read as "".)"""
    if written == "":
        return value == () if isinstance(value, tuple) else isinstance(value, str) and value == ""
    if isinstance(value, bool):
        return value == (written == "yes")
    if isinstance(value, tuple | list):
        return ";".join(value) == written
    if isinstance(value, dt.date):
        return value.isoformat()[:10] == written
    if isinstance(value, int | float):
        return math.isclose(value, float(written))
    return value == written


def assert_table_is_the_csv(frame: pd.DataFrame, rows: list[dict[str, str]]) -> None:
    records = frame.to_dict("records")
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        for column, written in row.items():
            assert same(written, record[column]), (column, written, record[column])


# -- the tables ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", BY_ID + ["actors", "glossary"])
def test_each_table_holds_its_csv_indexed_by_id(fresh, table):
    frame = getattr(fresh, table)
    rows = seed_rows(table)
    assert frame.index.tolist() == [row["id"] for row in rows]
    assert "id" in frame.columns  # the id stays a column too
    assert_table_is_the_csv(frame, rows)


@pytest.mark.parametrize("table", ["stances", "role_points", "reading"])
def test_tables_without_ids_hold_their_csv(fresh, table):
    assert_table_is_the_csv(getattr(fresh, table), seed_rows(table))


def test_roles_come_in_their_speaking_order(fresh):
    rows = sorted(seed_rows("roles"), key=lambda row: int(row["order"]))
    assert fresh.roles.index.tolist() == [row["id"] for row in rows]
    assert_table_is_the_csv(fresh.roles, rows)


@pytest.mark.parametrize("table, column", DATE_COLUMNS.items())
def test_date_columns_are_dates(fresh, table, column):
    loaded = getattr(fresh, table)[column]
    assert all(isinstance(value, pd.Timestamp) for value in loaded)
    assert [value.date().isoformat() for value in loaded] == [row[column] for row in seed_rows(table)]


def test_the_article_record_keeps_an_empty_cell_empty(fresh):
    [row] = seed_rows("article")
    info = fresh.article_info
    assert info["title"] == row["title"] == "Mixed Messages Surround NATO’s Office Controversy in Japan"
    assert row["published"] == "" and info["published"] == ""
    assert str(info["events_start"]) == row["events_start"]


def test_each_actors_stance_columns_follow_stances_csv(fresh):
    stated = {(row["actor"], row["question"]): row["stance"] for row in seed_rows("stances")}
    assert stated[("macron", "office")] == "opposes" and stated[("macron", "engagement")] == "mixed"
    for actor in fresh.actors.index:
        for question in ("office", "engagement"):
            assert fresh.actors.loc[actor, f"{question}_stance"] == stated[(actor, question)]


def test_the_treaty_table_quotes_the_treaty_file(fresh):
    treaty = (SEEDS / "sources" / "north_atlantic_treaty.txt").read_text(encoding="utf-8")
    parts = fresh.treaty
    assert {"preamble", "art-5", "art-6", "art-6-i", "art-6-ii", "art-14"} <= set(parts.index)
    assert parts.loc["art-6", "text"].startswith("For the purpose of Article 5, an armed attack")
    for _, part in parts.iterrows():
        assert treaty[part["start"] : part["end"]] == part["text"]


def test_the_case_knows_its_folder_and_texts(fresh):
    assert fresh.directory.name == "seeds" and fresh.directory.is_absolute()
    assert (fresh.directory / "actors.csv").read_bytes() == (SEEDS / "actors.csv").read_bytes()
    assert fresh.article == ARTICLE


def test_repr_counts_the_rows(fresh):
    counts = {name: len(seed_rows(name)) for name in ("actors", "statements", "events", "places", "members")}
    text = repr(fresh)
    assert text.startswith(f"<Case: {counts['actors']} actors, {counts['statements']} statements, ")
    assert f"{counts['places']} places" in text and f"{counts['members']} members" in text


# -- the article's paragraphs (a hand-derived table) ---------------------------------------------------------------


def test_paragraphs_are_the_blocks_between_blank_lines(fresh):
    # Independently: a paragraph is a maximal run of non-empty lines.
    runs = [(m.start(), m.end(), m[0]) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", ARTICLE)]
    paragraphs = fresh.paragraphs
    assert paragraphs.columns.tolist() == ["number", "kind", "start", "end", "text"]
    assert paragraphs.index.tolist() == paragraphs.number.tolist() == list(range(14))
    assert list(zip(paragraphs.start, paragraphs.end, paragraphs.text, strict=True)) == runs
    # Read off the article: the headline, eleven paragraphs of report, the credit line, the website's trailer.
    assert paragraphs.kind.tolist() == ["title"] + ["body"] * 11 + ["attribution", "trailer"]
    assert paragraphs.text.iloc[-1] == "Related News" and paragraphs.text.iloc[12] == "© TheJapantimes"


def test_paragraphs_of_a_hand_made_article():
    article = "Title X\n\n Body one \n\nBody\ntwo X\n\n© Credit\n\n\nRelated News"
    assert data._paragraphs(article).to_dict("records") == [
        {"number": 0, "kind": "title", "start": 0, "end": 7, "text": "Title X"},
        {"number": 1, "kind": "body", "start": 9, "end": 19, "text": " Body one "},
        {"number": 2, "kind": "body", "start": 21, "end": 31, "text": "Body\ntwo X"},
        {"number": 3, "kind": "attribution", "start": 33, "end": 41, "text": "© Credit"},
        {"number": 4, "kind": "trailer", "start": 44, "end": 56, "text": "Related News"},
    ]


def test_without_a_trailer_the_last_paragraph_is_body():
    paragraphs = data._paragraphs("Headline\n\nRelated News\n\nThe end.")
    assert paragraphs.kind.tolist() == ["title", "body", "body"]


# -- look-ups and their errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, actor",
    [
        ("NATO officials (unnamed)", "nato-officials"),  # the name
        ("NATO officials", "nato-officials"),  # the name the article prints
        ("  nato OFFICIALS ", "nato-officials"),
        ("Zealand", "new-zealand"),  # the last word of the name
        ("Jens Stoltenberg", "stoltenberg"),
        ("KISHIDA", "kishida"),
    ],
)
def test_actors_are_found_by_any_of_their_names(fresh, name, actor):
    assert fresh.actor_id(name) == actor


def error_of(call, *args) -> str:
    with pytest.raises(KitError) as caught:
        call(*args)
    return str(caught.value)


def test_unknown_names_get_a_suggestion_and_a_next_step(fresh):
    actors = ", ".join(sorted(row["id"] for row in seed_rows("actors")))
    assert error_of(fresh.actor_id, "Macrno") == (
        f"There is no actor called 'Macrno'. Did you mean 'macron'? Known actors: {actors}. Use an id from case.actors."
    )
    assert error_of(fresh.stance, "macron", "offices") == (
        "There is no question called 'offices'. Did you mean 'office'? Known questions: engagement, office."
    )
    assert error_of(fresh.statement, "stoltenberg-on-the-tabel").startswith(
        "There is no statement called 'stoltenberg-on-the-tabel'. Did you mean 'stoltenberg-on-the-table'?"
    )
    assert error_of(fresh.cite, "nato-itpp-2032").startswith(
        "There is no source called 'nato-itpp-2032'. Did you mean 'nato-itpp-2023'?"
    )
    assert error_of(fresh.context_label, "ctx-protocol-1915").startswith(
        "There is no context row called 'ctx-protocol-1915'. Did you mean 'ctx-protocol-1951'?"
    )
    assert error_of(fresh.paragraph, 14) == "The article has paragraphs 0 to 13; there is no paragraph 14."


def test_citations_follow_the_sources_csv(fresh):
    # publisher, title (in quotation marks when the source prints it), date, address
    assert fresh.cite("nato-consensus") == (
        "NATO, “Consensus decision-making at NATO”, 2023-06-30, "
        "https://www.nato.int/cps/uk/natohq/topics_49178.htm?selectedLocale=en"
    )
    assert fresh.cite("treaty") == (
        "Parties to the North Atlantic Treaty, The North Atlantic Treaty (1949), with Article 6 as amended by the "
        "1951 Protocol, 1949-04-04, seeds/sources/north_atlantic_treaty.txt"
    )


def test_context_rows_are_cited_by_outlet_and_date(fresh):
    rows = {row["id"]: row for row in seed_rows("context")}
    publishers = {row["id"]: row["publisher"] for row in seed_rows("sources")}
    assert rows["ctx-hawaii-1965"]["reported_by"] == "Wikipedia"
    assert fresh.context_label("ctx-hawaii-1965") == "Wikipedia, 1965-08"
    assert rows["ctx-protocol-1951"]["reported_by"] == ""  # no outlet: the source's publisher
    assert fresh.context_label("ctx-protocol-1951") == f"{publishers['hri-protocol-1951']}, 1951-10-22"
    assert rows["ctx2-def-sg"]["date"] == ""  # no date: the outlet alone
    assert fresh.context_label("ctx2-def-sg") == publishers["nato-archives-sg"]


def test_in_context_marks_the_statement_within_its_paragraph(fresh):
    [row] = [r for r in seed_rows("statements") if r["id"] == "us-advocating"]
    paragraph = fresh.paragraph(int(row["paragraph"]))
    assert row["text"] in paragraph
    shown = fresh.in_context("us-advocating")
    passage = paragraph.replace(row["text"], f"[[{row['text']}]]", 1)
    assert str(shown).splitlines()[1] == f"  > {passage}"
    [pushed] = [r for r in seed_rows("context") if r["id"] == "ctx-us-pushed"]
    outlet = pushed["reported_by"] or {r["id"]: r["publisher"] for r in seed_rows("sources")}[pushed["source"]]
    # the research id reads as its outlet and date
    assert f"Matches a Reuters passage (context: {outlet}, {pushed['date']})." in str(shown)


def test_readable_leaves_an_unknown_research_id_as_written(fresh):
    assert fresh.readable("See ctx-no-such-row and ctx-hawaii-1965.") == "See ctx-no-such-row and Wikipedia, 1965-08."


def test_show_article_lists_the_body_paragraphs_under_the_headline(fresh):
    shown = fresh.show_article()
    lines = str(shown).splitlines()
    runs = re.findall(r"[^\n]+(?:\n[^\n]+)*", ARTICLE)
    assert lines[0].endswith(runs[0])
    numbered = [line for line in lines if re.match(r"\[\d+\] ", line)]
    assert numbered[0] == f"[1] {runs[1]}"
    assert len(numbered) == 11 and not any("Related News" in line or "©" in line for line in numbered)
    assert "Events reported: Vilnius, 2023-07-11 to 2023-07-12." in str(shown)
    assert "Published: not stated in the source file." in str(shown)
    assert runs[0] in shown._repr_html_()


def test_statements_tagged_a_topic(fresh):
    tagged = [row["id"] for row in seed_rows("statements") if "china" in row["tags"].split(";")]
    assert tagged and fresh.statements_tagged("china").index.tolist() == tagged
    assert error_of(fresh.statements_tagged, "chnia").startswith(
        "There is no topic called 'chnia'. Did you mean 'china'?"
    )


def test_context_on_a_topic_by_date(fresh):
    rows = [row for row in seed_rows("context") if row["topic"] == "treaty"]
    expected = [row["id"] for row in sorted(rows, key=lambda row: row["date"])]
    assert len(expected) > 1 and fresh.context_on("treaty").index.tolist() == expected
    assert error_of(fresh.context_on, "treatys").startswith(
        "There is no topic called 'treatys'. Did you mean 'treaty'?"
    )


def test_members_on_a_date_from_members_csv(fresh):
    rows = seed_rows("members")
    on = [row for row in rows if row["joined"] <= "1982-05-30"]
    expected = [row["id"] for row in sorted(on, key=lambda row: (row["joined"], row["name"]))]
    assert fresh.members_on("1982-05-30").index.tolist() == expected
    assert "ESP" in expected  # Spain deposited its accession on 30 May 1982: a member that very day


def test_places_by_id_or_name(fresh):
    assert fresh.place("VILNIUS")["id"] == "vilnius"
    assert fresh.place(" Vilnius ")["name"] == "Vilnius"
    # places.csv: guam is "Hagåtña (Guam)", canary-islands is "Las Palmas (Canary Islands)"
    assert fresh.place("Hagåtña (Guam)")["id"] == "guam"  # the full name
    assert fresh.place("HAGÅTÑA")["id"] == "guam"  # the name before the bracket, any case
    assert fresh.place("las palmas")["id"] == "canary-islands"
    message = error_of(fresh.place, "Vilnus")
    assert message.startswith("There is no place called 'Vilnus'. Did you mean 'vilnius'?")
    assert message.endswith(". Use an id from case.places.")  # the next step


# -- the loader: folder, cache, copies, errors ---------------------------------------------------------------------


def test_the_case_folder_is_the_argument_else_the_setting_else_the_seeds(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_CASE_DIR", raising=False)
    assert case_directory() == SEEDS.resolve()
    monkeypatch.setenv("KIT_CASE_DIR", str(tmp_path))
    assert case_directory() == tmp_path.resolve()
    assert case_directory(tmp_path / "x" / "..") == tmp_path.resolve()


def test_load_case_caches_until_a_file_changes(seeds_copy):
    first = load_case(seeds_copy)
    assert load_case(str(seeds_copy)) is first
    assert resolve_case(first) is first
    (seeds_copy / "sources" / "notes.txt").write_text("a new file", encoding="utf-8")
    second = load_case(seeds_copy)
    assert second is not first
    (seeds_copy / "sources" / "notes.txt").unlink()
    assert load_case(seeds_copy) is not second


def test_a_dangling_link_in_the_folder_does_not_stop_loading_nor_following_edits(seeds_copy):
    (seeds_copy / "0-gone.txt").symlink_to(seeds_copy / "nowhere.txt")  # sorts before every real file
    assert load_case(seeds_copy).place("vilnius")["name"] == "Vilnius"
    places = seeds_copy / "places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace(",Vilnius,", ",Wilno__,", 1), encoding="utf-8")  # same size
    assert load_case(seeds_copy).place("vilnius")["name"] == "Wilno__"


def test_an_edit_that_keeps_the_time_stamp_is_still_seen(seeds_copy):
    places = seeds_copy / "places.csv"
    assert load_case(seeds_copy).place("vilnius")["name"] == "Vilnius"
    before = places.stat()
    places.write_text(places.read_text(encoding="utf-8").replace(",Vilnius,", ",Vilnius City,", 1), "utf-8")
    os.utime(places, ns=(before.st_atime_ns, before.st_mtime_ns))  # a copy tool that keeps times
    assert load_case(seeds_copy).place("vilnius")["name"] == "Vilnius City"


def test_a_renamed_file_is_seen_though_a_rename_keeps_its_size_and_time(seeds_copy):
    load_case(seeds_copy)
    (seeds_copy / "places.csv").rename(seeds_copy / "places.csv.old")  # sorts where places.csv did
    with pytest.raises(KitError, match="places.csv: expected the file to exist; found no such file"):
        load_case(seeds_copy)


def test_the_cache_keeps_only_the_latest_case(seeds_copy, fresh):
    load_case(seeds_copy)
    load_case(fresh.directory)
    assert len(data._CACHE) == 1  # an instructor switching between cases does not pile them up in memory


def test_resolve_case_without_a_case_loads_the_configured_one(seeds_copy, monkeypatch):
    monkeypatch.setenv("KIT_CASE_DIR", str(seeds_copy))
    assert resolve_case().directory == seeds_copy.resolve()


def test_every_read_of_a_table_is_a_copy(fresh):
    places = fresh.places
    places.loc["vilnius", "name"] = "Elsewhere"
    assert fresh.places.loc["vilnius", "name"] == "Vilnius"
    assert isinstance(type(fresh).__dict__["places"], data._Table)

    class Holder:
        table = data._Table()

    holder = Holder()
    holder.table = pd.DataFrame({"a": [1]})
    copy = holder.table
    copy.loc[0, "a"] = 2
    assert holder.table.loc[0, "a"] == 1 and copy is not holder.table


def test_a_broken_case_lists_its_first_eight_problems(seeds_copy):
    path = seeds_copy / "members.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = [lines[0]] + [line.replace(",19", ",X9", 1).replace(",20", ",X0", 1) for line in lines[1:11]]
    path.write_text("\n".join(broken + lines[11:]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_case(seeds_copy)
    message = str(caught.value)
    problems = caught.value.problems
    assert len(problems) >= 10
    shown = message.splitlines()
    assert shown[0] == f"The case data in {seeds_copy.resolve()} has {len(problems)} problem(s):"
    assert shown[1:9] == [f"  - {problem}" for problem in problems[:8]]
    assert shown[9] == f"  … and {len(problems) - 8} more"
    assert shown[10] == f"Fix them, or run `python -m kit validate {seeds_copy.resolve()}` for the full list."


@pytest.mark.parametrize("count, lines_in_all, last", [(8, 10, "  - events.csv"), (9, 11, "  … and 1 more")])
def test_eight_problems_are_listed_whole_and_a_ninth_is_counted(seeds_copy, count, lines_in_all, last):
    # One problem per added event: a month 13 in its date (the date rule of events.csv).
    events = seeds_copy / "events.csv"
    added = "".join(f"bad-{n},1949-13-01,A title,,treaty,,\n" for n in range(count))
    events.write_text(events.read_text(encoding="utf-8") + added, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_case(seeds_copy)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith(f"has {count} problem(s):") and len(lines) == lines_in_all
    assert lines[-2] == last if last.startswith("  …") else lines[-2].startswith(last)
    assert lines[-1].startswith("Fix them, or run `python -m kit validate")
    assert lines[1:9] == [f"  - {problem}" for problem in caught.value.problems[:8]]


def test_a_case_with_one_problem_lists_it_alone(seeds_copy):
    path = seeds_copy / "members.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1949-08-24", "24/08/1949", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_case(seeds_copy)
    lines = str(caught.value).splitlines()
    assert lines[0].endswith("has 1 problem(s):") and len(lines) == 3 and "more" not in str(caught.value)


@pytest.mark.parametrize(
    "value",
    ["2023-07-11", " 2023-07-11 ", dt.date(2023, 7, 11), dt.datetime(2023, 7, 11, 23, 59), pd.Timestamp("2023-07-11")],
)
def test_dates_are_read_in_every_form_a_notebook_has(value):
    assert as_date(value) == dt.date(2023, 7, 11) and type(as_date(value)) is dt.date


def test_a_date_the_kit_cannot_read_says_how_to_write_it():
    with pytest.raises(InputError) as caught:
        as_date("11/07/2023", "summit day")
    assert str(caught.value) == (
        "The summit day '11/07/2023' is not a date the kit can read. Write it as YYYY-MM-DD, for example '2023-07-11'."
    )
    assert "The date 'soon'" in error_of(as_date, "soon")


def test_a_case_built_now_passes_every_check_above(tmp_path):
    # mutmut records which tests reach the loader; the module's case is built once, inside the first test that
    # asks for it, so this test builds its own and runs the table checks on it.
    shutil.copytree(SEEDS, tmp_path / "seeds")
    case = load_case(tmp_path / "seeds")
    for table in [*BY_ID, "actors", "glossary"]:
        test_each_table_holds_its_csv_indexed_by_id(case, table)
    for table in ("stances", "role_points", "reading"):
        test_tables_without_ids_hold_their_csv(case, table)
    for table, column in DATE_COLUMNS.items():
        test_date_columns_are_dates(case, table, column)
    test_roles_come_in_their_speaking_order(case)
    test_the_article_record_keeps_an_empty_cell_empty(case)
    test_each_actors_stance_columns_follow_stances_csv(case)
    test_the_treaty_table_quotes_the_treaty_file(case)
    test_the_case_knows_its_folder_and_texts(case)
    test_paragraphs_are_the_blocks_between_blank_lines(case)
    test_repr_counts_the_rows(case)

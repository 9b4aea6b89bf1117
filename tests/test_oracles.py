"""Tests with independent oracles for behaviour that deliberate breakages once slipped past.

Each expected value comes from outside the code under test: the treaty's wording, the dates in the research
notes, an HTML parser, the file system, hand-built inputs. None is read from the kit's own constants.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.core.errors import SubmissionError
from kit.exercises.answers import AnswerSheet
from kit.exercises.bank import load_bank
from kit.geography.article6 import article6, describe_place
from kit.grading.grade import grade_class
from kit.grading.reports import write_reports
from kit.grading.submissions import parse_sheet

from .conftest import ROOT

# ---- Article 6(i), islands: "the islands under the jurisdiction of any of the Parties in the North Atlantic
# area north of the Tropic of Cancer" (the treaty as amended in 1951). Three conditions, each necessary.


def islands_clause(verdict):
    return next(c for c in verdict.clauses if "island" in c.clause)


def test_an_island_of_a_non_party_in_the_north_atlantic_is_not_covered():
    # Ireland is not a Party; Dublin lies on an island in the North Atlantic at 53.35° N, far north of the Tropic.
    dublin = describe_place("Dublin", "IRL", "Europe", True, "North Atlantic", 53.35)
    verdict = article6(dublin, on="2023-07-11")
    assert islands_clause(verdict).outcome == "does not apply"
    assert verdict.status == "not covered"


def test_an_island_of_a_party_in_the_north_atlantic_north_of_the_tropic_is_covered():
    # The Azores (Portugal, a Party since 1949) at about 37.7° N.
    azores = describe_place("Ponta Delgada", "PRT", "Europe", True, "North Atlantic", 37.74)
    assert islands_clause(article6(azores, on="2023-07-11")).outcome == "applies"


def test_an_island_of_a_party_south_of_the_tropic_is_not_covered_by_the_islands_clause():
    # Puerto Rico (USA) at 18.4° N is south of the Tropic of Cancer (about 23.4° N).
    san_juan = describe_place("San Juan", "USA", "North America", True, "North Atlantic", 18.47)
    assert islands_clause(article6(san_juan, on="2023-07-11")).outcome == "does not apply"


def test_an_island_becomes_covered_when_its_state_joins():
    # Gotland is Swedish; Sweden became a Party on 7 March 2024. Baltic islands are a matter of reading,
    # so before accession the clause does not apply; after it, it is at least contested.
    gotland = describe_place("Visby", "SWE", "Europe", True, "Baltic Sea", 57.64)
    assert islands_clause(article6(gotland, on="2023-07-11")).outcome == "does not apply"
    assert islands_clause(article6(gotland, on="2024-07-11")).outcome in ("applies", "contested")


@settings(max_examples=60, deadline=None)
@given(lat=st.floats(min_value=-89.0, max_value=89.0), island=st.booleans())
def test_no_place_of_a_non_party_is_ever_covered(lat, island):
    # Article 6 covers the Parties' territory (and, until 1962, France's Algerian Departments): never Japan's.
    place = describe_place("somewhere in Japan", "JPN", "Asia", island, "North Atlantic", lat)
    assert article6(place, on="2023-07-11").status == "not covered"


# ---- china-1: the dates in the research notes (context_facts.md), written out by hand, not read from the bank.

CHINA_1_BY_DATE = [
    ("2023-05-03", "Nikkei Asia"),
    ("2023-05-04", "Mao Ning"),
    ("2023-05-12", "Wang Wenbin"),
    ("2023-07-12", "Mission to the EU"),
    ("2023-07-13", "Lithuania"),
]


def test_china_1_key_is_in_date_order():
    key = load_bank()["china-1"].answer
    assert len(key) == len(CHINA_1_BY_DATE)
    for item, (_date, who) in zip(key, CHINA_1_BY_DATE, strict=True):
        assert who in item, (item, who)


# ---- feedback pages: student text shown as text, never as markup. Checked with an HTML parser.

SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "em", "strong", "code", "br"}
SAFE_TAGS |= {"ul", "ol", "li", "section", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "main"}
SAFE_TAGS |= {"details", "summary", "header", "footer", "a", "pre", "caption"}
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_feedback_pages_escape_everything_a_student_wrote(tmp_path):
    bank = load_bank()
    text_item = next(e for e in bank.values() if e.type == "text")
    answers = {e.id: {"value": HOSTILE, "time": "2026-11-29T10:00:00+00:00", "attempts": 1} for e in bank.values()}
    answers[HOSTILE] = {"value": 1}  # an unknown id: echoed in a note
    sheet = {"format": "kit-answers/1", "student": "eve" + HOSTILE, "answers": answers}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "eve.json").write_text(json.dumps(sheet), encoding="utf-8")
    grading = grade_class([tmp_path / "in"], bank, show_progress=False)
    write_reports(grading, bank, tmp_path / "out", "test", show_keys=True)
    pages = sorted((tmp_path / "out" / "feedback").glob("*.html"))
    (student_page,) = [page for page in pages if page.name.startswith("eve")]
    for page in pages:  # the student's page and any index of pages
        parser = TagCollector()
        parser.feed(page.read_text(encoding="utf-8"))
        tags = {tag for tag, _ in parser.tags}
        assert tags <= SAFE_TAGS, (page.name, tags - SAFE_TAGS)
        assert not [a for _, attrs in parser.tags for a, _ in attrs if a.startswith("on")], page.name
    parser = TagCollector()
    parser.feed(student_page.read_text(encoding="utf-8"))
    tags = {tag for tag, _ in parser.tags}
    assert tags <= SAFE_TAGS, tags - SAFE_TAGS
    assert not [a for _, attrs in parser.tags for a, _ in attrs if a.startswith("on")]
    text = "".join(parser.text)
    assert "<script>alert(1)</script>" in text  # the student id, shown as written
    assert text.count("onerror=alert(2)") >= 3  # the id, the unknown id note and at least the text answer
    assert text_item.prompt in text


# ---- the answer sheet: a failed write leaves the previous sheet whole; a write is a new file swapped in.


def test_a_failed_write_keeps_the_previous_sheet(tmp_path):
    path = tmp_path / "sheet.json"
    sheet = AnswerSheet(path, student="ada")
    sheet.record("geo-4", "3 July 1962")
    before = path.read_bytes()
    with pytest.raises(TypeError):
        sheet.record("geo-3", {1, 2, 3})  # a set is not JSON: the write fails half-way
    assert path.read_bytes() == before
    assert json.loads(before)["answers"]["geo-4"]["value"] == "3 July 1962"
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["sheet.json"]


def test_a_write_is_flushed_to_disk_and_swapped_in_whole(tmp_path, monkeypatch):
    path = tmp_path / "sheet.json"
    sheet = AnswerSheet(path, student="ada")
    sheet.record("geo-4", "3 July 1962")
    inode = path.stat().st_ino
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else fd)
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    sheet.record("geo-4", "4 July 1962")
    assert synced, "the new sheet was never flushed to disk (os.fsync)"
    if isinstance(synced[0], str):  # the file synced is a temporary one beside the sheet, not the sheet itself
        assert os.path.dirname(synced[0]) == str(tmp_path) and synced[0] != str(path)
    assert path.stat().st_ino != inode, "the sheet was rewritten in place instead of replaced in one step"
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["geo-4"]["value"] == "4 July 1962"


# ---- submissions: nesting is limited before parsing; brackets inside strings are text.


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def sheet_text(value_json: str) -> bytes:
    head = '{"format": "kit-answers/1", "student": "ada", "answers": {"geo-1": {"value": '
    return (head + value_json + "}}}").encode()


def test_deep_nesting_is_refused_before_parsing():
    with pytest.raises(SubmissionError, match="nested"):
        parse_sheet(sheet_text(nested(60)))  # well within Python's recursion limit: only the pre-check refuses it


def test_ordinary_nesting_and_brackets_in_strings_are_accepted():
    assert parse_sheet(sheet_text(nested(3)))["answers"]["geo-1"]["value"] == [[[]]]
    text = json.dumps('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{ " \\ ]')
    assert parse_sheet(sheet_text(text))["student"] == "ada"


@settings(max_examples=40, deadline=None)
@given(depth=st.integers(min_value=0, max_value=200), brackets=st.text(alphabet='[]{}"\\ab', max_size=80))
def test_nesting_limit_property(depth, brackets):
    # An answer nested `depth` deep sits 3 levels inside the sheet; strings never count.
    raw = sheet_text(json.dumps([brackets]) if depth == 0 else nested(depth))
    total = depth + 3 if depth else 4
    if total > 40:
        with pytest.raises(SubmissionError):
            parse_sheet(raw)
    elif total <= 10:
        assert parse_sheet(raw)["student"] == "ada"


# ---- the release: notebooks reach students without outputs, whatever state the instructor's copy is in.


def test_release_strips_outputs_from_an_executed_instructor_copy(tmp_path):
    instructor = tmp_path / "instructor"
    for name in ("kit", "seeds", "exercises", "notebooks", "docs"):
        shutil.copytree(ROOT / name, instructor / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("README.md", "LICENSE", "LICENSE-CONTENT.md", "CITATION.cff", "pyproject.toml", "environment.yml"):
        shutil.copy2(ROOT / name, instructor / name)
    notebook_path = sorted((instructor / "notebooks").glob("*.ipynb"))[0]
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    code["execution_count"] = 7
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["SECRET OUTPUT\n"]}]
    notebook.setdefault("metadata", {})["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    notebook_path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}  # the copy is not the kit measured
    out = tmp_path / "release"
    run = subprocess.run(
        [sys.executable, "-m", "kit", "release", str(out)], capture_output=True, text=True, cwd=instructor, env=env
    )
    assert run.returncode == 0, run.stdout + run.stderr
    released = json.loads((out / "notebooks" / notebook_path.name).read_text(encoding="utf-8"))
    for cell in released["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in released.get("metadata", {})
    assert "SECRET OUTPUT" not in (out / "notebooks" / notebook_path.name).read_text(encoding="utf-8")


# ---- the ordering widget: what the student placed first is read back first.


def test_an_ordering_answer_is_read_back_in_the_order_placed():
    from kit.exercises.answers import answer_sheet
    from kit.exercises.ask import ask

    exercise = load_bank()["china-1"]
    order = [next(item for item in exercise.items if who in item) for _date, who in CHINA_1_BY_DATE]
    box = ask("china-1")
    positions = [widget for name, widget in box.controls.items() if name not in ("check", "explain")]
    assert len(positions) == len(order)
    for widget, item in zip(positions, order, strict=True):
        widget.value = item
    box.controls["check"].click()
    assert "Correct" in box.output.value, box.output.value
    recorded = answer_sheet().load()["answers"]["china-1"]["value"]  # the sheet this kernel records into
    assert recorded == order

"""What `nato-kit grade` writes for the instructor, checked against hand-derived values.

Two kinds of class: small classes on the kit's own bank (points read from ``exercises/*.toml`` with tomllib,
not from the loader), and a five-item bank written here, small enough that every mean, share, percentage and
wrong answer in the outputs can be worked out by hand (the table above each test).
"""

from __future__ import annotations

import base64
import csv
import json
import os
import pathlib
import re
import tomllib
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kit.exercises import types as exercise_types
from kit.exercises.bank import load_bank
from kit.exercises.checking import check_answer
from kit.grading.grade import grade_class
from kit.grading.reports import RECORD, max_points, misconception_of, write_reports

from .conftest import ROOT

# The kit's bank, read independently of the loader: file order, then order within a file.
TOML = [
    record
    for path in sorted((ROOT / "exercises").glob("[0-9][0-9]_*.toml"))
    for record in tomllib.loads(path.read_text(encoding="utf-8"))["exercise"]
]
IDS = [r["id"] for r in TOML]
POINTS = {r["id"]: r["points"] for r in TOML}
GRADED = [r["id"] for r in TOML if r["graded"]]
KEY = {r["id"]: r["answer"] for r in TOML if "answer" in r}
GRADED_POINTS = sum(POINTS[i] for i in GRADED)
AUTO_GRADED = [i for i in GRADED if i in KEY]  # graded items the kit scores (not free text)

# A five-item bank: two graded (1 + 2 points), three practice.
MINI = """\
notebook = "01_mini"

[[exercise]]
id = "q-a"
type = "single"
graded = true
level = "apply"
points = 1
prompt = "Where was the 2023 summit held?"
options = ["Vilnius", "Riga", "Tallinn"]
answer = "Vilnius"
explanation = "Vilnius."
[exercise.misconception]
"Riga" = "confuses the Baltic capitals"

[[exercise]]
id = "q-b"
type = "multiple"
graded = true
level = "analyse"
points = 2
prompt = "Which two governments objected?"
options = ["France", "China", "Japan", "Norway"]
answer = ["France", "China"]
explanation = "France and China."

[[exercise]]
id = "q-c"
type = "numeric"
graded = false
level = "remember"
points = 1
prompt = "How many quotations?"
answer = 3
tolerance = 0
explanation = "Three."

[[exercise]]
id = "q-d"
type = "classify"
graded = false
level = "remember"
points = 2
prompt = "Where was each summit?"
items = ["Vilnius summit 2023", "Madrid summit 2022"]
choices = ["in Lithuania", "in Spain"]
answer = ["in Lithuania", "in Spain"]
explanation = "Vilnius is in Lithuania, Madrid in Spain."
[exercise.misconception]
"Vilnius summit 2023" = "mixes up the two summits"

[[exercise]]
id = "q-é"
type = "text"
graded = false
level = "remember"
points = 1
prompt = "Whom does Stoltenberg speak for?"
answer = "NATO"
explanation = "NATO."
"""

# The mini class. Multiple select scores (right picks - wrong picks) / 2 right options, never below 0.
#        q-a (1)   q-b (2)                  q-c (1)   q-d (2)               q-é (1)   total of graded (3)
#  s1    Vilnius 1 France, China 2          3 → 1     both right 2          nato 1    3 → 100%
#  s2    Vilnius 1 France 1 (partial)       4 → 0     Vilnius wrong 1       nato 1    2 → 66.7%
#  s3    Vilnius 1 France, Japan 0 (wrong)  (none)    both right 2          nato 1    1 → 33.3%
#  s4    Riga 0    France, China, Norway 1  4 → 0     both right 2          nato 1    1 → 33.3%
#  mean  0.75      1 (share 0.5)            0.25      1.75 (share 0.875)    1
MINI_ANSWERS = {
    "s1": {"q-a": "Vilnius", "q-b": ["France", "China"], "q-c": 3, "q-d": ["in Lithuania", "in Spain"], "q-é": "nato"},
    "s2": {"q-a": "Vilnius", "q-b": ["France"], "q-c": 4, "q-d": ["in Spain", "in Spain"], "q-é": "nato"},
    "s3": {"q-a": "Vilnius", "q-b": ["France", "Japan"], "q-d": ["in Lithuania", "in Spain"], "q-é": "nato"},
    "s4": {
        "q-a": "Riga",
        "q-b": ["France", "China", "Norway"],
        "q-c": 4,
        "q-d": ["in Lithuania", "in Spain"],
        "q-é": "nato",
    },
}

# The wrong answers of q-a and q-d, each with the misconception the mini bank names for it.
RIGA = "Riga ×1 (misconception: confuses the Baltic capitals)"
SUMMITS = "Vilnius summit 2023 → in Spain ×1 (misconception: mixes up the two summits)"


def sheet(student, answers):
    """An answer sheet in the documented kit-answers/1 format."""
    return {
        "format": "kit-answers/1",
        "student": student,
        "answers": {k: {"value": v, "time": "2026-11-29T10:00:00+00:00", "attempts": 1} for k, v in answers.items()},
    }


def submit(folder: Path, sheets: dict[str, dict], mtime: float | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in sheets.items():
        path = folder / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        if mtime is not None:
            os.utime(path, (mtime, mtime))
    return folder


def class_of(answers: dict[str, dict]) -> dict[str, dict]:
    return {f"{student}.json": sheet(student, a) for student, a in answers.items()}


@pytest.fixture
def mini(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "01_mini.toml").write_text(MINI, encoding="utf-8")
    return load_bank(folder)


def rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Page(HTMLParser):
    """The parts of a page an instructor and a screen reader meet: title, headings, caption, cells, figures."""

    KINDS = {"title": "title", "caption": "caption", "h1": "headings", "h2": "headings", "figcaption": "captions"}

    def __init__(self, text: str):
        super().__init__()
        self.title = self.caption = ""
        self.headings: list[str] = []
        self.columns: list[str] = []
        self.cells: list[list[str]] = []
        self.images: list[dict] = []
        self.captions: list[str] = []
        self._kind = ""
        self._text = ""
        self.feed(text)

    @property
    def table(self) -> list[list[str]]:
        return [row for row in self.cells if row]

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.cells.append([])
        elif tag == "img":
            self.images.append(dict(attrs))
        elif tag == "th" and ("scope", "col") in attrs:
            self._kind, self._text = "columns", ""
        elif tag in ("th", "td"):
            self._kind, self._text = "cell", ""
        elif tag in self.KINDS:
            self._kind, self._text = self.KINDS[tag], ""

    def handle_endtag(self, tag):
        if not self._kind or tag not in ("th", "td", *self.KINDS):
            return
        if self._kind == "cell":
            self.cells[-1].append(self._text)
        elif self._kind in ("title", "caption"):
            setattr(self, self._kind, self._text)
        else:
            getattr(self, self._kind).append(self._text)
        self._kind = ""

    def handle_data(self, data):
        self._text += data


def desc(svg: str) -> str:
    """A figure's text description, as a screen reader reads it."""
    found = re.search(r'<desc id="desc">([^<]*)</desc>', svg)
    return unescape(found.group(1)) if found else ""


def grade_mini(tmp_path, bank, answers=MINI_ANSWERS, **options):
    subs = submit(tmp_path / "subs", class_of(answers))
    count_practice = options.pop("count_practice", False)
    grading = grade_class([subs], bank, False, count_practice=count_practice)
    out = tmp_path / "out"
    return grading, out, write_reports(grading, bank, out, "Kit", **options)


# The gradebook ------------------------------------------------------------------------------------------------------


def test_gradebook_columns_totals_percentages_and_notes(tmp_path):
    bank = load_bank()
    ada = {i: KEY[i] for i in AUTO_GRADED} | {"actors-7": 3, "bogus-1": "x"}  # every auto-scored graded item right
    subs = submit(tmp_path / "subs", class_of({"ada": ada}) | {"broken.json": "{"})
    grading = grade_class([subs], bank, False)
    written = write_reports(grading, bank, tmp_path / "out", "Kit")
    assert (written.students, written.errors) == (1, 1)

    table = rows(tmp_path / "out" / "gradebook.csv")
    assert table[0] == ["student", "total", "max", "percent", "practice_points", *IDS, "status", "counts", "notes"]
    book = dicts(tmp_path / "out" / "gradebook.csv")
    auto = sum(POINTS[i] for i in AUTO_GRADED)
    assert (auto, GRADED_POINTS) == (22, 36)  # the bank as of 29 Nov 2026: 14 graded items, three of them free text
    first = book[0]
    assert [first["student"], first["total"], first["max"], first["percent"], first["practice_points"]] == [
        "ada", "22", "36", "61.1", "1",  # 22 / 36 = 61.11 %; actors-7 (practice, 1 point) beside the total
    ]  # fmt: skip
    assert first["actors-1"] == "1" and first["geo-1"] == "6" and first["actors-8"] == "0"
    assert first["status"] == "ok" and first["counts"] == "graded items only; practice points shown, not counted"
    assert first["notes"] == f"ignored 1 unknown exercise id(s): bogus-1; {grading.identity_rule}"
    error = book[1]
    assert error["student"] == "(broken.json)" and error["status"].startswith("error: ")
    assert [error[c] for c in ("total", "percent", "practice_points", *IDS)] == [""] * (3 + len(IDS))
    assert error["max"] == "36"  # the maximum is the class's, whoever the row is
    assert grading.identity_rule not in error["notes"]  # the identity rule is about graded sheets only


def test_count_practice_and_a_bank_where_nothing_counts(tmp_path, mini):
    grading, out, written = grade_mini(tmp_path / "all", mini, count_practice=True)
    assert written.possible == 1 + 2 + 1 + 2 + 1  # every item counts
    book = {r["student"]: r for r in dicts(out / "gradebook.csv")}
    # s1: 1 + 2 + 1 + 2 + 1 = 7 of 7; s4: 0 + 1 + 0 + 2 + 1 = 4 of 7 = 57.1 %
    assert [(book[s]["total"], book[s]["max"], book[s]["percent"]) for s in ("s1", "s4")] == [
        ("7", "7", "100.0"),
        ("4", "7", "57.1"),
    ]
    assert max_points(load_bank(), ("actors-2", "geo-1-practice")) == POINTS["actors-2"] + POINTS["geo-1-practice"]
    assert max_points(load_bank()) == GRADED_POINTS
    # s1 7/7, s2 1+1+0+1+1 = 4/7, s3 1+0+0+2+1 = 4/7, s4 4/7: sorted 57.1, 57.1, 57.1, 100
    svg = (out / "distribution.svg").read_text(encoding="utf-8")
    assert desc(svg).endswith("lowest 57%, median 57%, highest 100%.")

    practice_only = tmp_path / "practice-bank"
    practice_only.mkdir()
    only_q_c = MINI[MINI.index('[[exercise]]\nid = "q-c"') : MINI.index('[[exercise]]\nid = "q-d"')]
    (practice_only / "01_mini.toml").write_text('notebook = "01_mini"\n\n' + only_q_c, encoding="utf-8")
    bank = load_bank(practice_only)
    grading, out, written = grade_mini(tmp_path / "none", bank, {"s1": {"q-c": 3}})
    assert written.possible == 0
    (row,) = dicts(out / "gradebook.csv")
    assert (row["total"], row["max"], row["percent"], row["practice_points"]) == ("0", "0", "0.0", "1")
    (summary,) = dicts(out / "class_summary.csv")
    assert (summary["exercise"], summary["answered"], summary["mean_points"]) == ("q-c", "1", "1.0")


# The class summary ---------------------------------------------------------------------------------------------------


def test_class_summary_means_difficulty_and_wrong_answers_with_their_misconception(tmp_path, mini):
    grading, out, _ = grade_mini(tmp_path, mini)
    table = rows(out / "class_summary.csv")
    assert table[0] == [
        "exercise", "type", "graded", "counted", "max_points", "answered", "mean_points", "difficulty", "wrong_answers",
    ]  # fmt: skip
    assert table[1:] == [
        ["q-a", "single", "True", "True", "1", "4", "0.75", "0.25", RIGA],
        ["q-b", "multiple", "True", "True", "2", "4", "1.0", "0.5", "Japan ×1; Norway ×1"],
        ["q-c", "numeric", "False", "False", "1", "3", "0.25", "0.75", "4 ×2"],
        ["q-d", "classify", "False", "False", "2", "4", "1.75", "0.12", SUMMITS],
        ["q-é", "text", "False", "False", "1", "4", "1.0", "0.0", ""],
    ]  # fmt: skip
    assert misconception_of(mini["q-d"], "Vilnius summit 2023 → in Spain") == "mixes up the two summits"
    assert misconception_of(mini["q-a"], "Tallinn") == ""  # no misconception named: an empty text, not None
    assert misconception_of(mini["q-d"], "Madrid summit 2022 → in Lithuania") == ""
    # Items and choices are free text: an arrow inside one must not hide the misconception.
    routes = replace(
        mini["q-d"],
        items=["Brussels → Vilnius", "Madrid"],
        choices=["east → west", "in Spain"],
        misconception={"Brussels → Vilnius": "reads the route as one place", "Madrid": "confuses host and venue"},
    )
    assert misconception_of(routes, "Brussels → Vilnius → in Spain") == "reads the route as one place"
    assert misconception_of(routes, "Madrid → east → west") == "confuses host and venue"


def test_summary_rounds_thirds_and_shows_only_the_five_commonest_wrong_answers(tmp_path):
    bank = load_bank()
    actors_3 = next(r for r in TOML if r["id"] == "actors-3")
    assert actors_3["points"] == 2 and not actors_3["graded"]
    # actors-3 (2 points): one full answer and two students without one: mean 2/3 = 0.67, difficulty 1/3 = 0.33.
    # actors-7 (numeric, key 3): wrong numbers 10-14 twice each and 15 once; only the five commonest are listed.
    wrong = [10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15]
    answers = {f"s{n:02d}": {"actors-7": value} for n, value in enumerate(wrong)}
    answers["s00"]["actors-3"] = actors_3["answer"]
    grade_class_out = tmp_path / "out"
    subs = submit(tmp_path / "subs", class_of(answers))
    write_reports(grade_class([subs], bank, False), bank, grade_class_out, "Kit")
    summary = {r["exercise"]: r for r in dicts(grade_class_out / "class_summary.csv")}
    third = dict(answered="1", mean_points=f"{2 / 11:.2f}", difficulty=f"{1 - 1 / 11:.2f}")
    assert {k: summary["actors-3"][k] for k in third} == third  # 2 points / 11 students = 0.18
    assert summary["actors-7"]["wrong_answers"] == "10 ×2; 11 ×2; 12 ×2; 13 ×2; 14 ×2"
    assert summary["actors-7"]["answered"] == "11" and summary["actors-7"]["mean_points"] == "0.0"

    three = {"a": {"actors-3": actors_3["answer"]}, "b": {}, "c": {}}
    submit(tmp_path / "three", class_of(three))
    write_reports(grade_class([tmp_path / "three"], bank, False), bank, tmp_path / "out3", "Kit")
    row = next(r for r in dicts(tmp_path / "out3" / "class_summary.csv") if r["exercise"] == "actors-3")
    assert (row["answered"], row["mean_points"], row["difficulty"]) == ("1", "0.67", "0.67")  # 2/3 and 1 - 1/3


def test_a_class_with_no_gradable_sheet_still_gets_a_summary(tmp_path, mini):
    subs = submit(tmp_path / "subs", {"broken.json": "{"})
    grading = grade_class([subs], mini, False)
    written = write_reports(grading, mini, tmp_path / "out", "Kit")
    assert (written.students, written.errors) == (0, 1)
    summary = dicts(tmp_path / "out" / "class_summary.csv")
    assert [(r["answered"], r["mean_points"], r["difficulty"]) for r in summary] == [("0", "0", "1.0")] * 5
    svg = (tmp_path / "out" / "distribution.svg").read_text(encoding="utf-8")
    assert desc(svg) == "Histogram of totals: no students graded."


def test_summary_page_figures_and_their_descriptions(tmp_path, mini):
    _, out, _ = grade_mini(tmp_path, mini)
    hardest = "Hardest: q-c (25%), q-b (50%), q-a (75%)."  # shares from the table above MINI_ANSWERS
    difficulty = (
        "Bar chart of the mean share of points per exercise, solid blue for graded items, hatched orange for "
        "practice. " + hardest
    )
    # graded totals 3, 2, 1, 1 of 3 points: 100 %, 66.7 %, 33.3 %, 33.3 %; the median is the upper middle one
    spread = "Histogram of 4 students' totals in 5-point bins; lowest 33%, median 67%, highest 100%."

    bars = (out / "difficulty.svg").read_text(encoding="utf-8")
    assert desc(bars) == difficulty and '<title id="title">Mean score per exercise</title>' in bars
    fills = {label: fill for fill, label in re.findall(r'fill="([^"]+)"><title>(q-[^:]+):', bars)}
    assert [fills[i] == "url(#hatch)" for i in ("q-a", "q-b", "q-c", "q-d", "q-é")] == [False, False, True, True, True]
    histogram = (out / "distribution.svg").read_text(encoding="utf-8")
    assert desc(histogram) == spread and ">total (% of points)</text>" in histogram

    html = (out / "summary.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.title == "Class summary"
    assert page.headings == ["Class summary (4 students)", "Identity problems", "Per exercise", "Figures"]
    assert page.caption == (
        "Wrong answers the class gave most, with the misconception each reveals where the bank names one"
    )
    assert page.columns == ["exercise", "kind", "answered", "mean points", "most common wrong answers"]
    assert page.table == [
        ["q-a", "graded", "4", "0.75 / 1", RIGA],
        ["q-b", "graded", "4", "1 / 2", "Japan ×1; Norway ×1"],
        ["q-c", "practice", "3", "0.25 / 1", "4 ×2"],
        ["q-d", "practice", "4", "1.75 / 2", SUMMITS],
        ["q-é", "practice", "4", "1 / 1", "—"],
    ]  # fmt: skip
    assert re.search(r"<tbody>(<tr>(?:(?!</?tr>).)*</tr>){5}</tbody>", html)  # five rows, nothing between them
    assert re.search(r"<h2>Figures</h2>(<figure>(?:(?!</?figure>).)*</figure>){2}</main>", html)
    assert [image["alt"] for image in page.images] == page.captions == [difficulty, spread]
    embedded = [base64.b64decode(image["src"].split(",", 1)[1]).decode("utf-8") for image in page.images]
    assert embedded == [bars, histogram]


@pytest.fixture
def windows_locale(monkeypatch):
    """Text files opened without an encoding use cp1252, as on a Windows laptop."""
    write_text, read_text = pathlib.Path.write_text, pathlib.Path.read_text

    def write(self, data, encoding=None, errors=None, newline=None):
        return write_text(self, data, encoding=encoding or "cp1252", errors=errors, newline=newline)

    def read(self, encoding=None, errors=None):
        return read_text(self, encoding=encoding or "cp1252", errors=errors)

    monkeypatch.setattr(pathlib.Path, "write_text", write)
    monkeypatch.setattr(pathlib.Path, "read_text", read)


def test_outputs_are_utf8_on_a_machine_whose_locale_is_not(tmp_path, mini, windows_locale):
    """Every file the kit writes is UTF-8, whatever the machine's default encoding."""
    _, out, written = grade_mini(tmp_path, mini)
    for path in written.files:
        path.read_text(encoding="utf-8")  # raises if a file was written in the locale's encoding
    assert "q-é" in (out / "difficulty.svg").read_text(encoding="utf-8")
    assert "×" in (out / "summary.html").read_text(encoding="utf-8")


# Conflicts and the LMS files ----------------------------------------------------------------------------------------


def test_conflicts_csv_names_the_graded_and_the_other_file(tmp_path):
    bank = load_bank()
    subs = tmp_path / "subs"
    submit(subs, {"bob-old.json": sheet("bob", {"actors-1": "Emmanuel Macron"})}, mtime=1_000)
    submit(subs, {"bob-new.json": sheet("bob", {"actors-1": KEY["actors-1"]})}, mtime=2_000)
    write_reports(grade_class([subs], bank, False), bank, tmp_path / "out", "Kit")
    table = rows(tmp_path / "out" / "conflicts.csv")
    assert table[0] == ["kind", "student", "graded_file", "other_file", "detail"]
    assert [r[:4] for r in table[1:]] == [["two sheets, one id", "bob", "bob-new.json", "bob-old.json"]]


def test_lms_files_wait_for_free_text_scores_unless_provisional(tmp_path):
    bank = load_bank()
    subs = submit(tmp_path / "subs", class_of({"ada": {"actors-1": KEY["actors-1"], "actors-8": "My answer."}}))
    grading = grade_class([subs], bank, False)
    held = write_reports(grading, bank, tmp_path / "held", "Kit")
    assert not held.lms_written and held.unscored == [("ada", "actors-8")]
    assert not (tmp_path / "held" / "canvas.csv").exists() and not (tmp_path / "held" / "moodle.csv").exists()

    early = write_reports(grading, bank, tmp_path / "early", "Kit", provisional=True)
    assert early.lms_written
    (moodle,) = dicts(tmp_path / "early" / "moodle.csv")
    assert moodle["Feedback"].startswith(f"provisional: free text not yet scored; 1/{GRADED_POINTS}")

    subs = submit(tmp_path / "subs2", class_of({"bob": {"actors-1": KEY["actors-1"]}}))
    done = write_reports(grade_class([subs], bank, False), bank, tmp_path / "done", "Kit")
    assert done.lms_written and done.unscored == []
    (moodle,) = dicts(tmp_path / "done" / "moodle.csv")
    assert moodle["Username"] == "bob" and moodle["Feedback"].startswith(f"1/{GRADED_POINTS} ")


# A re-grade into the same folder --------------------------------------------------------------------------------------


def test_the_record_lists_every_file_written_and_a_regrade_removes_only_what_it_listed(tmp_path, mini, windows_locale):
    grading, out, written = grade_mini(tmp_path / "one", mini)
    record = (out / RECORD).read_text(encoding="utf-8")
    on_disk = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != RECORD)
    assert record == "\n".join(on_disk) + "\n"
    assert sorted(str(p.relative_to(out)) for p in written.files) == on_disk

    # A record from another version names a file this one does not write; a tampered one points outside.
    outside, absolute = out.parent / "victim.txt", tmp_path / "absolute.txt"
    for path in (out / "old résumé.csv", outside, absolute):
        path.write_text("keep?", encoding="utf-8")
    (out / RECORD).write_text(f"old résumé.csv\n\n../victim.txt\n{absolute}\n{record}", encoding="utf-8")
    subs = tmp_path / "one" / "subs"
    write_reports(grade_class([subs], mini, False), mini, out, "Kit")
    assert not (out / "old résumé.csv").exists()
    assert outside.exists() and absolute.exists()  # never outside the output folder


def test_a_regrade_without_a_record_still_removes_stale_outputs(tmp_path):
    """A folder written before the record existed: old pages, withheld LMS files and legacy PNGs go."""
    bank = load_bank()
    out = tmp_path / "deep" / "er" / "out"  # its parents do not exist yet
    subs = submit(tmp_path / "subs", class_of({"ada": {"actors-1": "x"}, "zed": {"actors-1": "y"}}))
    write_reports(grade_class([subs], bank, False), bank, out, "Kit")
    pages = sorted(p.name for p in (out / "feedback").glob("*.html"))
    assert len(pages) == 3 and (out / "canvas.csv").exists()

    (out / RECORD).unlink()
    (subs / "zed.json").unlink()
    submit(subs, class_of({"ada": {"actors-1": "x", "actors-8": "My answer."}}))  # free text: LMS files withheld
    for legacy in ("difficulty.png", "distribution.png"):
        (out / legacy).write_bytes(b"\x89PNG")
    written = write_reports(grade_class([subs], bank, False), bank, out, "Kit")
    assert not written.lms_written
    left = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != RECORD)
    assert set(left) - {str(p.relative_to(out)) for p in written.files} == {"free_text.previous.csv"}  # kept
    assert len([n for n in left if n.startswith("feedback/")]) == 2  # ada's page and the index; zed's is gone
    assert "canvas.csv" not in left and "difficulty.png" not in left


def test_only_wrong_and_partial_answers_have_wrong_parts():
    """Why the summary may skip every other status: a right, free-text or unchecked answer names no wrong part."""
    bank = load_bank()
    for exercise in bank.values():
        if exercise.id in KEY:
            right = check_answer(exercise, KEY[exercise.id])
            assert right.status == "correct" and exercise_types.wrong_parts(exercise, right.value) == [], exercise.id
        else:
            manual = check_answer(exercise, "My answer.")
            assert manual.status == "manual" and exercise_types.wrong_parts(exercise, manual.value) == [], exercise.id
        withheld = replace(exercise, answer=None)  # a graded item in a student release: answers are recorded
        if exercise.id in KEY:
            recorded = check_answer(withheld, KEY[exercise.id])
            assert recorded.status == "recorded" and exercise_types.wrong_parts(withheld, recorded.value) == []

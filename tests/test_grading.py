"""Grading a class: round trips, duplicates, manual scores, outputs, and every kind of malformed submission."""

from __future__ import annotations

import csv
import html
import json
import subprocess
import sys
import zipfile

import pytest

from kit.exercises.bank import load_bank
from kit.grading.grade import grade_files
from kit.grading.reports import apply_manual_scores, max_points, write_reports

from .conftest import ROOT

BANK = load_bank()
FREE = [e for e in BANK.values() if e.type == "free"]


def sheet(student, answers, time="2026-11-29T10:00:00+00:00"):
    return {
        "format": "kit-answers/1",
        "student": student,
        "answers": {k: {"value": v, "time": time, "attempts": 1} for k, v in answers.items()},
    }


def all_correct():
    return {e.id: (e.answer if e.type != "free" else "My memo…") for e in BANK.values()}


def all_wrong():
    wrong = {
        "single": lambda e: next(o for o in e.options if o != e.answer),
        "multiple": lambda e: [o for o in e.options if o not in e.answer],
        "numeric": lambda e: e.answer + 10_000,
        "text": lambda e: "no idea",
        "matching": lambda e: [next(c for c in e.choices if c != a) for a in e.answer],
        "classify": lambda e: [next(c for c in e.choices if c != a) for a in e.answer],
        "ordering": lambda e: e.answer[1:] + e.answer[:1],
        "free": lambda e: "…",
    }
    return {e.id: wrong[e.type](e) for e in BANK.values()}


def write(folder, name, data):
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def grade(folder):
    return {r.student: r for r in grade_files([folder], BANK, show_progress=False)}


def test_all_correct_gets_full_marks_once_free_text_is_scored(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    results = list(grade(tmp_path).values())
    free_points = sum(e.points for e in FREE)
    assert results[0].total == max_points(BANK) - free_points
    scores = tmp_path / "scores.csv"
    rows = [["student", "exercise", "max_points", "score", "comment", "answer"]]
    rows += [["ada", e.id, e.points, e.points, "clear", ""] for e in FREE]
    with open(scores, "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert apply_manual_scores(results, BANK, scores) == []
    assert results[0].total == max_points(BANK)


def test_all_wrong_gets_zero_with_feedback(tmp_path):
    write(tmp_path, "bob.json", sheet("bob", all_wrong()))
    result = grade(tmp_path)["bob"]
    assert result.total == 0
    for exercise_id, outcome in result.outcomes.items():
        if BANK[exercise_id].type != "free":
            assert outcome.status == "wrong" and outcome.messages, exercise_id


def test_partial_credit_and_unknown_ids(tmp_path):
    write(
        tmp_path,
        "cy.json",
        sheet("cy", {"actors-3": ["France"], "no-such-exercise": 1, "geo-6": "tropic of cancer"}),
    )
    result = grade(tmp_path)["cy"]
    assert result.outcomes["actors-3"].status == "partial"
    assert result.total == pytest.approx(1 + 1, abs=0.01)
    assert any("no-such-exercise" in note for note in result.notes)
    assert result.outcomes["geo-1"].status == "missing"


def test_newest_submission_wins_and_the_report_says_so(tmp_path):
    write(tmp_path, "dee-1.json", sheet("dee", {"actors-1": "Emmanuel Macron"}, time="2026-11-29T09:00:00+00:00"))
    write(tmp_path, "dee-2.json", sheet("dee", {"actors-1": "Jens Stoltenberg"}, time="2026-11-29T11:00:00+00:00"))
    results = grade(tmp_path)
    assert len(results) == 1
    assert results["dee"].total == 1 and "2 submissions from dee" in results["dee"].notes[0]


def test_a_submission_holding_code_is_graded_as_data(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    write(tmp_path, "eve.json", sheet("eve", {"actors-1": payload, "actors-8": payload, "geo-3": payload}))
    result = grade(tmp_path)["eve"]
    assert not marker.exists()
    assert result.outcomes["actors-1"].status == "form" and result.outcomes["geo-3"].status == "form"
    assert result.answers["actors-8"] == payload  # kept verbatim for the instructor to read


def zip_with(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries.items():
            bundle.writestr(name, data)
    return path


MALFORMED = {
    "truncated.json": lambda p: p.write_text('{"format": "kit-answers/1", "student": "x", "answers": {"geo'),
    "version.json": lambda p: p.write_text(json.dumps(sheet("x", {}) | {"format": "kit-answers/9"})),
    "huge.json": lambda p: p.write_bytes(b'{"format": "kit-answers/1", "pad": "' + b"x" * 50_000_000 + b'"}'),
    "deep.json": lambda p: p.write_text(
        '{"format": "kit-answers/1", "student": "x", "answers": ' + "[" * 5000 + "]" * 5000 + "}"
    ),
    "latin1.json": lambda p: p.write_bytes(
        json.dumps(sheet("Zoë", {}), ensure_ascii=False).encode("utf-8").replace(b"\xc3\xab", b"\xeb")
    ),
    "bomb.zip": lambda p: zip_with(p, {"answers/answer-sheet.json": b"{" + b" " * 40_000_000 + b"}"}),
    "traversal.zip": lambda p: zip_with(
        p, {"../../evil.json": "{}", "answers/answer-sheet.json": json.dumps(sheet("x", {}))}
    ),
    "foreign.json": lambda p: p.write_text(json.dumps({"name": "my shopping list"})),
    "not-a-zip.zip": lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"),
}
REASONS = {
    "truncated.json": "not valid JSON",
    "version.json": "wrong format",
    "huge.json": "too large",
    "deep.json": "nested too deeply",
    "latin1.json": "not UTF-8",
    "bomb.zip": "zip bomb",
    "traversal.zip": "unsafe path",
    "foreign.json": "wrong format",
    "not-a-zip.zip": "not valid JSON",
}


def test_each_malformed_submission_becomes_an_error_row_and_grading_goes_on(tmp_path):
    for name, make in MALFORMED.items():
        make(tmp_path / name)
    write(tmp_path, "ok.json", sheet("ok", {"actors-1": "Jens Stoltenberg"}))
    results = grade_files([tmp_path], BANK, show_progress=False)
    rows = {r.source.rsplit("/", 1)[-1]: r for r in results}
    assert rows["ok.json"].status == "ok" and rows["ok.json"].total == 1
    for name, reason in REASONS.items():
        assert rows[name].status.startswith("error: "), name
        assert reason in rows[name].status, (name, rows[name].status)
    assert not (tmp_path.parent / "evil.json").exists()


def read_rows(path, dicts=False) -> list:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle) if dicts else csv.reader(handle))


def test_outputs_for_the_instructor(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "ada.json", sheet("ada", all_correct()))
    write(subs, "bob.json", sheet("bob", {"actors-1": "Jens Stoltenberg"}))
    (subs / "broken.json").write_text("{")
    out = tmp_path / "out"
    results = grade_files([subs], BANK, show_progress=False)
    write_reports(results, BANK, out, "Kit")
    gradebook = read_rows(out / "gradebook.csv", dicts=True)
    assert [r["student"] for r in gradebook] == ["ada", "bob", "(broken.json)"]
    assert gradebook[1]["total"] == "1" and gradebook[1]["actors-1"] == "1" and gradebook[1]["status"] == "ok"
    assert gradebook[2]["status"].startswith("error: ")
    canvas = read_rows(out / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Kit"]
    assert canvas[1][0] == "Points Possible" and canvas[2][3] == "ada"
    moodle = read_rows(out / "moodle.csv")
    assert moodle[0][:2] == ["Username", "Kit"] and moodle[2][:2] == ["bob", "1"]
    page = (out / "feedback" / "bob.html").read_text(encoding="utf-8")
    assert "actors-1 (1/1)" in page and html.escape(BANK["geo-1"].explanation) not in page  # graded key hidden
    assert html.escape(BANK["geo-4"].explanation) in page  # practice explanations shown
    for figure in ("difficulty.png", "distribution.png"):
        assert (out / figure).read_bytes()[:4] == b"\x89PNG"
    summary = read_rows(out / "class_summary.csv", dicts=True)
    assert {r["exercise"] for r in summary} == set(BANK)
    free = read_rows(out / "free_text.csv", dicts=True)
    assert {(r["student"], r["exercise"]) for r in free} == {("ada", e.id) for e in FREE}


def test_reveal_shows_graded_keys(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", {"geo-1": ["covered"] * 6}))
    results = grade_files([tmp_path], BANK, show_progress=False)
    write_reports(results, BANK, tmp_path / "out", "Kit", reveal=True)
    page = (tmp_path / "out" / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert html.escape(BANK["geo-1"].explanation) in page


def test_bad_manual_scores_are_reported_not_fatal(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    results = grade_files([tmp_path], BANK, show_progress=False)
    scores = tmp_path / "scores.csv"
    scores.write_text("student,exercise,score\nada,actors-8,99\nada,actors-8,lots\nzed,actors-8,1\nada,china-8,3\n")
    problems = apply_manual_scores(results, BANK, scores)
    assert len(problems) == 3 and "outside" in problems[0] and "not a number" in problems[1]
    assert results[0].outcomes["china-8"].points == 3


def test_cli_grade_end_to_end(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    (tmp_path / "junk.json").write_bytes(b"\x00\xff")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "grade", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Graded 1 student(s)" in run.stdout and "junk.json: error: not UTF-8" in run.stdout
    assert (tmp_path / "out" / "feedback" / "ada.html").exists()


def test_feedback_pages_do_not_talk_like_a_notebook(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", {"actors-2": "a quote"}))
    results = grade_files([tmp_path], BANK, show_progress=False)
    write_reports(results, BANK, tmp_path / "out", "Kit")
    page = (tmp_path / "out" / "feedback" / "ada.html").read_text(encoding="utf-8")
    assert "quotation marks around the speaker" in page and "kit.explain" not in page

"""Grading a class: what counts, the rubric round trip, identity and conflicts, outputs, and every malformed file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import zipfile

import pytest

from kit.exercises.bank import load_bank
from kit.grading import grade as grading_module
from kit.grading.grade import grade_class, grade_files
from kit.grading.reports import max_points, write_reports
from kit.grading.rubric import apply_marks, load_marks, read_scores

from .conftest import ROOT

BANK = load_bank()
FREE = [e for e in BANK.values() if e.type == "free"]
GRADED_POINTS = sum(e.points for e in BANK.values() if e.graded)  # independent of the code under test
GRADED_FREE_POINTS = sum(e.points for e in FREE if e.graded)


def sheet(student, answers, time="2026-11-29T10:00:00+00:00"):
    return {
        "format": "kit-answers/1",
        "student": student,
        "answers": {k: {"value": v, "time": time, "attempts": 1} for k, v in answers.items()},
    }


def all_correct():
    return {e.id: (e.answer if e.type != "free" else f"My answer to {e.id}…") for e in BANK.values()}


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


def write(folder, name, data, mtime=None):
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def grade(folder, **options):
    return {r.student: r for r in grade_files([folder], BANK, show_progress=False, **options)}


def run_kit(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def read_rows(path, dicts=False) -> list:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle) if dicts else csv.reader(handle))


# What counts -------------------------------------------------------------------------------------------------------


def test_only_graded_items_count_and_practice_is_shown_beside(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    result = grade(tmp_path)["ada"]
    practice = sum(e.points for e in BANK.values() if not e.graded and e.type != "free")
    assert result.total == GRADED_POINTS - GRADED_FREE_POINTS  # free text waits for the instructor
    assert result.practice == practice
    assert max_points(BANK) == GRADED_POINTS
    counted = grade(tmp_path, count_practice=True)["ada"]
    assert counted.total == GRADED_POINTS - GRADED_FREE_POINTS + practice


def test_all_wrong_gets_zero_with_feedback(tmp_path):
    write(tmp_path, "bob.json", sheet("bob", all_wrong()))
    result = grade(tmp_path)["bob"]
    assert result.total == 0
    for exercise_id, outcome in result.outcomes.items():
        if BANK[exercise_id].type != "free":
            assert outcome.status == "wrong" and outcome.messages, exercise_id


def test_partial_credit_unknown_ids_and_a_damaged_entry(tmp_path):
    classify = next(e for e in BANK.values() if e.graded and e.type in ("classify", "matching"))
    single = next(e for e in BANK.values() if e.graded and e.type == "single")
    half = len(classify.answer) // 2
    mixed = classify.answer[:half] + [next(c for c in classify.choices if c != a) for a in classify.answer[half:]]
    data = sheet("cy", {classify.id: mixed, "no-such-exercise": 1, single.id: single.answer})
    data["answers"]["actors-8"] = "not an entry"  # malformed: the rest of the sheet is still graded
    write(tmp_path, "cy.json", data)
    result = grade(tmp_path)["cy"]
    assert result.outcomes[classify.id].status == "partial"
    assert result.total == pytest.approx(classify.points * half / len(classify.answer) + single.points, abs=0.01)
    assert any("no-such-exercise" in note for note in result.notes)
    assert result.outcomes["actors-8"].status == "form" and any("actors-8" in n for n in result.notes)


def test_a_submission_holding_code_is_graded_as_data(tmp_path):
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    write(tmp_path, "eve.json", sheet("eve", {"actors-1": payload, "actors-8": payload, "geo-3": payload}))
    result = grade(tmp_path)["eve"]
    assert not marker.exists()
    assert result.outcomes["actors-1"].status == "form" and result.outcomes["geo-3"].status == "form"
    assert result.answers["actors-8"] == payload  # kept verbatim for the instructor to read


# Malformed files ---------------------------------------------------------------------------------------------------


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
    "deep40.json": lambda p: p.write_text(
        '{"format": "kit-answers/1", "student": "x", "answers": {"a": {"value": ' + "[" * 40 + "]" * 40 + "}}}"
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
    "bignum.json": lambda p: p.write_text(
        '{"format": "kit-answers/1", "student": "x", "answers": {}, "n": ' + "9" * 5000 + "}"
    ),
}
REASONS = {
    "truncated.json": "not valid JSON",
    "version.json": "wrong format",
    "huge.json": "too large",
    "deep.json": "nested too deeply",
    "deep40.json": "nested too deeply",
    "latin1.json": "not UTF-8",
    "bomb.zip": "zip bomb",
    "traversal.zip": "unsafe path",
    "foreign.json": "wrong format",
    "not-a-zip.zip": "damaged zip",
    "bignum.json": "not a readable answer sheet",
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


def test_a_slow_file_becomes_an_error_row_under_the_time_limit(tmp_path, monkeypatch):
    write(tmp_path, "slow.json", sheet("slow", {"actors-1": "stall"}))
    write(tmp_path, "quick.json", sheet("quick", {"actors-1": "Jens Stoltenberg"}))
    real = grading_module.check_answer

    def stalling(exercise, value):
        while value == "stall":  # stands for a crafted answer that keeps a parser busy
            time.sleep(0.01)
        return real(exercise, value)

    monkeypatch.setattr(grading_module, "check_answer", stalling)
    started = time.perf_counter()
    results = {r.source.rsplit("/", 1)[-1]: r for r in grade_files([tmp_path], BANK, False, seconds=0.5)}
    assert time.perf_counter() - started < 5
    assert results["slow.json"].status.startswith("error: took longer than 0.5 s")
    assert results["quick.json"].status == "ok" and results["quick.json"].total == 1


def test_unencodable_text_is_replaced_visibly_and_every_output_is_written(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    (subs / "sur.json").write_text(
        '{"format": "kit-answers/1", "student": "sur\\ud800", "answers": {"actors-8": {"value": "memo \\udfff"},'
        ' "actors-1": {"value": "\\ud83d"}}}',
        encoding="ascii",
    )
    write(subs, "ada.json", sheet("ada", {"actors-1": "Jens Stoltenberg"}))
    grading = grade_class([subs], BANK, False)
    write_reports(grading, BANK, out, "Kit", provisional=True)
    gradebook = read_rows(out / "gradebook.csv", dicts=True)
    assert [r["student"] for r in gradebook] == ["ada", "sur\ufffd"]
    assert "memo \ufffd" in (out / "free_text.csv").read_text(encoding="utf-8")
    assert len(read_rows(out / "moodle.csv")) == 3 and len(list((out / "feedback").glob("*.html"))) == 3


# Identity ----------------------------------------------------------------------------------------------------------


def test_ids_differing_in_case_unicode_or_invisible_characters_are_one_student(tmp_path):
    write(tmp_path, "a1.json", sheet("AB123", {"actors-1": "Emmanuel Macron"}), mtime=1_000)
    write(tmp_path, "a2.json", sheet("ａｂ１２３\u200b", {"actors-1": "Jens Stoltenberg"}), mtime=2_000)
    grading = grade_class([tmp_path], BANK, False)
    (result,) = grading.ok
    assert result.total == 1 and result.source.endswith("a2.json")
    assert any("written differently" in n for n in result.notes)
    assert [c.kind for c in grading.conflicts] == ["two sheets, one id"]


def test_newest_is_decided_by_file_time_not_by_the_time_the_student_wrote(tmp_path):
    forged = sheet("dee", {"actors-1": "Emmanuel Macron"}, time="2099-01-01T00:00:00+00:00")
    write(tmp_path, "dee-old.json", forged, mtime=1_000)
    write(tmp_path, "dee-new.json", sheet("dee", {"actors-1": "Jens Stoltenberg"}), mtime=2_000)
    result = grade(tmp_path)["dee"]
    assert result.total == 1 and result.source.endswith("dee-new.json")
    assert any("2 different sheets claim this id" in n for n in result.notes)


def test_identical_copies_are_not_conflicts_but_identical_sheets_of_two_students_are(tmp_path):
    answers = {"actors-1": "Jens Stoltenberg", "actors-2": "a quote", "geo-2": "x", "geo-4": "1962"}
    write(tmp_path, "fay.json", sheet("fay", answers), mtime=1_000)
    write(tmp_path, "fay-copy.json", sheet("fay", answers), mtime=2_000)
    write(tmp_path, "gus.json", sheet("gus", answers))
    write(tmp_path, "zoe.json", sheet("zoë.smith", {"actors-1": "Fumio Kishida"}))
    write(tmp_path, "zoe2.json", sheet("Zoe-Smith", {"actors-1": "Jens Stoltenberg"}))
    grading = grade_class([tmp_path], BANK, False)
    kinds = sorted(c.kind for c in grading.conflicts)
    assert kinds == ["identical sheets", "similar ids"]
    assert {r.student for r in grading.ok} == {"fay", "gus", "zoë.smith", "Zoe-Smith"}


def test_cli_reports_conflicts_and_never_prints_control_characters(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    write(subs, "x1.json", sheet("evil\x1b[2J\x07", {"actors-1": "Emmanuel Macron"}), mtime=1_000)
    write(subs, "x2.json", sheet("EVIL\x1b[2J\x07", {"actors-1": "Jens Stoltenberg"}), mtime=2_000)
    run = run_kit("grade", subs, "--out", tmp_path / "out", "--quiet")
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout and "\\x1b" in run.stdout
    assert "ATTENTION: 1 identity problem" in run.stdout
    conflicts = read_rows(tmp_path / "out" / "conflicts.csv", dicts=True)
    assert conflicts[0]["kind"] == "two sheets, one id" and conflicts[0]["graded_file"] == "x2.json"


def collected(tmp_path, entries):
    """A folder as `kit collect` writes it: files and collect-manifest.json (format kit-collect/1)."""
    folder = tmp_path / "collected"
    folder.mkdir()
    submissions = []
    for hub_user, name, data, received, tamper in entries:
        path = write(folder, name, data)
        digest = __import__("hashlib").sha256(path.read_bytes()).hexdigest()
        if tamper:
            path.write_text(json.dumps(sheet(data["student"], all_correct())))
        submissions.append(
            {
                "hub_user": hub_user,
                "file": name,
                "received_at": received,
                "sha256": digest,
                "versions": 2,
                "sheet_student": data["student"],
            }
        )
    manifest = {"format": "kit-collect/1", "collected_at": "2026-11-29T12:00:00Z", "submissions": submissions}
    (folder / "collect-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_collected_folder_uses_the_hub_identity_and_the_exchange_clock(tmp_path):
    folder = collected(
        tmp_path,
        [
            ("ann", "ann.json", sheet("jovyan", {"actors-1": "Jens Stoltenberg"}), "2026-11-29T10:00:00Z", False),
            ("ben", "ben.json", sheet("ann", {"actors-1": "Emmanuel Macron"}), "2026-11-29T10:05:00Z", False),
            ("cat", "cat.json", sheet("cat", {"actors-1": "Jens Stoltenberg"}), "2026-11-29T10:06:00Z", True),
        ],
    )
    write(folder, "stray.json", sheet("dan", {"actors-1": "Jens Stoltenberg"}))
    grading = grade_class([folder], BANK, False)
    ok = {r.student: r for r in grading.ok}
    assert set(ok) == {"ann", "ben"} and ok["ann"].total == 1 and ok["ben"].total == 0
    assert any("'ann'" in n and "hub user 'ben'" in n for n in ok["ben"].notes)
    assert any("2 versions received" in n for n in ok["ann"].notes)
    errors = {r.source.rsplit("/", 1)[-1]: r.status for r in grading.results if r.status != "ok"}
    assert "SHA-256" in errors["cat.json"] and "not listed" in errors["stray.json"]
    assert "hub user" in grading.identity_rule
    assert sorted(c.kind for c in grading.conflicts) == ["sheet names another id", "sheet names another id"]


# The rubric round trip ---------------------------------------------------------------------------------------------


def spreadsheet_save(path, rows, delimiter=";", decimal_comma=True):
    """Write rows as a European spreadsheet would: BOM, CRLF, semicolons, decimal commas."""
    lines = []
    for row in rows:
        cells = [c.replace(".", ",") if decimal_comma and c.replace(".", "").isdigit() else c for c in row]
        quoted = ['"' + c.replace('"', '""') + '"' if delimiter in c or '"' in c else c for c in cells]
        lines.append(delimiter.join(quoted))
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")


def test_rubric_round_trip_keeps_every_score_run_after_run(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "ada.json", sheet("ada", all_correct()))
    write(subs, "bob.json", sheet("bob", {"actors-8": '=HYPERLINK("http://x")', "actors-1": "Jens Stoltenberg"}))
    first = run_kit("grade", subs, "--out", out, "--quiet")
    assert first.returncode == 0 and "LMS files not written" in first.stdout
    assert not (out / "canvas.csv").exists() and not (out / "moodle.csv").exists()
    header, *rows = read_rows(out / "free_text.csv")
    for exercise in FREE:  # one column per rubric criterion
        for criterion in exercise.rubric:
            assert f"{exercise.id} | {criterion}" in header
    assert {(r[0], r[1]) for r in rows} == {("ada", e.id) for e in FREE} | {("bob", "actors-8")}
    assert next(r for r in rows if r[0] == "bob")[-1].startswith("'=HYPERLINK")  # neutralised
    # The instructor scores in a spreadsheet with a decimal comma, semicolons, a BOM and CRLF, in place.
    scored = []
    for row in [header, *rows]:
        row = list(row)
        if row[0] != "student":
            row[3] = "2.5" if row[0] == "bob" else row[2]
            row[4] = "Clear; well argued"
            row[header.index(f"{row[1]} | {BANK[row[1]].rubric[0]}")] = "met"
        scored.append(row)
    spreadsheet_save(out / "free_text.csv", scored)
    second = run_kit("grade", subs, "--out", out, "--quiet")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "LMS files not written" not in second.stdout
    gradebook = {r["student"]: r for r in read_rows(out / "gradebook.csv", dicts=True)}
    assert float(gradebook["ada"]["total"]) == GRADED_POINTS
    assert float(gradebook["bob"]["total"]) == 1 + 2.5
    moodle = {r[0]: r[1] for r in read_rows(out / "moodle.csv")[1:]}
    assert moodle == {"ada": f"{GRADED_POINTS:g}", "bob": "3.5"}
    third = run_kit("grade", subs, "--out", out, "--quiet")  # scores carry forward again
    assert third.returncode == 0
    rows = read_rows(out / "free_text.csv", dicts=True)
    assert {r["score"] for r in rows if r["student"] == "bob"} == {"2.5"}
    assert all(r["comment"] == "Clear; well argued" for r in rows)
    page = next((out / "feedback").glob("bob-*.html")).read_text(encoding="utf-8")
    assert "Clear; well argued" in page and "2.5 of 4 point(s)" in page


def test_a_bad_score_file_is_refused_with_a_non_zero_exit_and_nothing_is_overwritten(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "ada.json", sheet("ada", all_correct()))
    assert run_kit("grade", subs, "--out", out, "--quiet").returncode == 0
    bad = tmp_path / "scores.csv"
    bad.write_text("student,exercise,score\nada,actors-8,lots\nada,china-8,99\nada,actors-1,1\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    run = run_kit("grade", subs, "--out", out, "--quiet", "--manual", bad)
    assert run.returncode == 1
    assert "line 2" in run.stderr and "not a number" in run.stderr and "outside 0–4" in run.stderr
    assert "line 4" in run.stderr and "not a free-text exercise" in run.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    (tmp_path / "latin.csv").write_bytes("student,exercise,score\nzoë,actors-8,1\n".encode("latin-1"))
    assert "CSV UTF-8" in run_kit("grade", subs, "--out", out, "--manual", tmp_path / "latin.csv").stderr


def test_scores_of_students_missing_from_a_run_are_kept(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "ada.json", sheet("ada", all_correct()))
    grading = grade_class([subs], BANK, False)
    write_reports(grading, BANK, out, "Kit")
    (out / "free_text.csv").write_text(
        (out / "free_text.csv").read_text(encoding="utf-8").replace(",4,,,", ",4,3,,", 1), encoding="utf-8"
    )
    (subs / "ada.json").write_text("{broken")  # ada's file is damaged on the next run
    marks = load_marks(out, [], BANK)
    grading = grade_class([subs], BANK, False)
    apply_marks(grading, BANK, marks)
    write_reports(grading, BANK, out, "Kit", marks)
    kept = read_rows(out / "free_text.csv", dicts=True)
    assert [(r["student"], r["score"]) for r in kept if r["score"]] == [("ada", "3")]
    assert "not in this run" in kept[0]["answer"] and (out / "free_text.previous.csv").exists()


def test_read_scores_accepts_what_spreadsheets_write(tmp_path):
    path = tmp_path / "s.csv"
    spreadsheet_save(path, [["student", "exercise", "score", "comment"], ["'=ab", "actors-8", "3.5", "ok"]])
    marks = read_scores(path, BANK)
    assert marks[("=ab", "actors-8")].score == 3.5
    path.write_text("student\tEXERCISE\tScore\nab\tactors-8\t4\n", encoding="utf-8")
    assert read_scores(path, BANK)[("ab", "actors-8")].score == 4


# Outputs -----------------------------------------------------------------------------------------------------------


def test_outputs_for_the_instructor(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    write(subs, "ada.json", sheet("ada", all_correct()))
    write(subs, "bob.json", sheet("bob", {"actors-1": "Jens Stoltenberg"}))
    (subs / "broken.json").write_text("{")
    grading = grade_class([subs], BANK, False)
    written = write_reports(grading, BANK, out, "Kit", provisional=True)
    assert written.lms_written and written.unscored
    gradebook = read_rows(out / "gradebook.csv", dicts=True)
    assert [r["student"] for r in gradebook] == ["ada", "bob", "(broken.json)"]
    assert gradebook[1]["total"] == "1" and gradebook[1]["actors-1"] == "1" and gradebook[1]["status"] == "ok"
    assert gradebook[1]["max"] == f"{GRADED_POINTS:g}" and "graded items only" in gradebook[1]["counts"]
    assert "file modification time" in gradebook[1]["notes"]
    assert gradebook[2]["status"].startswith("error: ")
    for figure in ("difficulty.svg", "distribution.svg"):
        svg = (out / figure).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and 'role="img"' in svg and "<desc" in svg
    summary = read_rows(out / "class_summary.csv", dicts=True)
    assert {r["exercise"] for r in summary} == set(BANK)
    page = (out / "summary.html").read_text(encoding="utf-8")
    assert page.count("<img ") == 2 and page.count('alt="') == 2 and "<main>" in page


def test_the_class_summary_counts_wrong_choices_and_names_the_misconception(tmp_path, monkeypatch):
    exercise = BANK["actors-1"]
    wrong = [o for o in exercise.options if o != exercise.answer]
    monkeypatch.setattr(exercise, "misconception", {wrong[0]: "Macron kept it open"})
    for n, choice in enumerate([wrong[0], wrong[0], wrong[1], exercise.answer]):
        write(tmp_path, f"s{n}.json", sheet(f"s{n}", {"actors-1": choice}))
    grading = grade_class([tmp_path], BANK, False)
    write_reports(grading, BANK, tmp_path / "out", "Kit")
    row = next(r for r in read_rows(tmp_path / "out" / "class_summary.csv", dicts=True) if r["exercise"] == "actors-1")
    assert row["wrong_answers"] == f"{wrong[0]} ×2 (misconception: Macron kept it open); {wrong[1]} ×1"


HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_every_csv_neutralises_formula_leading_cells(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    numeric = next(e for e in BANK.values() if e.type == "numeric")
    for n, bad in enumerate(HOSTILE):
        answers = {"actors-8": bad, numeric.id: -5 - n, "actors-1": "Emmanuel Macron", "actors-2": "a quote"}
        write(subs, f"h{n}.json", sheet(bad + str(n), answers | {"geo-2": bad}), mtime=2_000)
        write(subs, f"h{n}b.json", sheet(bad + str(n), {"actors-1": "Jens Stoltenberg"}), mtime=1_000)
    grading = grade_class([subs], BANK, False)
    write_reports(grading, BANK, out, "Kit", provisional=True)
    for name in ("gradebook.csv", "canvas.csv", "moodle.csv", "free_text.csv", "class_summary.csv", "conflicts.csv"):
        cells = [cell for row in read_rows(out / name) for cell in row]
        assert len(cells) > 5, name
        risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert risky == [], (name, risky[:3])
    gradebook = read_rows(out / "gradebook.csv", dicts=True)
    expected = ["'" + b + str(n) for n, b in enumerate(HOSTILE[:4])] + ["x4", "x5"]  # ids are trimmed
    assert sorted(r["student"] for r in gradebook) == sorted(expected)
    assert any(c.startswith("'-") for row in read_rows(out / "class_summary.csv") for c in row)


def test_feedback_pages_have_unique_stable_names_an_index_and_are_cleaned_on_a_regrade(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for n, student in enumerate(["a/b", "a_b", "a b", "a.b"]):  # once all mapped to one file name
        write(subs, f"{n}.json", sheet(student, {"actors-1": "Jens Stoltenberg"}))
    write(subs, "zed.json", sheet("zed", {}))
    grading = grade_class([subs], BANK, False)
    write_reports(grading, BANK, out, "Kit")
    first = sorted(p.name for p in (out / "feedback").iterdir())
    assert len(first) == 6 and "index.html" in first
    index = (out / "feedback" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in index for name in first if name != "index.html")
    (subs / "zed.json").unlink()
    write_reports(grade_class([subs], BANK, False), BANK, out, "Kit")
    second = sorted(p.name for p in (out / "feedback").iterdir())
    assert set(second) < set(first) and len(second) == 5  # same names; zed's old page removed


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours (relative luminance, sRGB)."""

    def luminance(colour):
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_feedback_pages_are_accessible_escaped_and_readable(tmp_path):
    hostile = '<script>alert("id")</script>'
    answers = {"actors-8": "<img src=x onerror=alert(1)>", "actors-3": ["France", "China"], "geo-1": ["covered"] * 6}
    write(tmp_path, "x.json", sheet(hostile, answers))
    grading = grade_class([tmp_path], BANK, False)
    write_reports(grading, BANK, tmp_path / "out", "Kit")
    page = next(p for p in (tmp_path / "out" / "feedback").iterdir() if p.name != "index.html")
    text = page.read_text(encoding="utf-8")
    assert "<script>" not in text and "<img src=x" not in text and "&lt;script&gt;" in text
    assert '<html lang="en">' in text and "<title>Feedback for" in text and "<main>" in text
    assert "<h1>" in text and text.count("<h2 ") == len(BANK)
    assert "France; China" in text and '["France"' not in text  # readable, not JSON
    assert BANK["geo-1"].explanation.split("“")[0][:40] in text.replace("&#x27;", "'")  # explained after grading
    for foreground, background in [("#1a1a1a", "#fff"), ("#0b57a4", "#fff"), ("#1a1a1a", "#f4f4f4")]:
        assert f"{foreground}" in text and contrast(foreground, background) >= 4.5
    write_reports(grading, BANK, tmp_path / "held", "Kit", show_keys=False)
    held = next(p for p in (tmp_path / "held" / "feedback").iterdir() if p.name != "index.html")
    assert BANK["geo-1"].explanation[:30] not in held.read_text(encoding="utf-8")


# The command line --------------------------------------------------------------------------------------------------


def test_cli_grade_end_to_end(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    (tmp_path / "junk.json").write_bytes(b"\x00\xff")
    run = run_kit("grade", tmp_path, "--out", tmp_path / "out", "--quiet", "--provisional")
    assert run.returncode == 0, run.stderr
    assert "Graded 1 student(s)" in run.stdout and "junk.json: error: not UTF-8" in run.stdout
    assert "PROVISIONAL" in run.stdout and (tmp_path / "out" / "canvas.csv").exists()
    assert (tmp_path / "out" / "feedback" / "index.html").exists()
    moodle = read_rows(tmp_path / "out" / "moodle.csv", dicts=True)
    assert moodle[0]["Feedback"].startswith("provisional: free text not yet scored")
    again = run_kit("grade", tmp_path, "--out", tmp_path / "out", "--quiet")  # not provisional: old files go
    assert again.returncode == 0 and "LMS files not written" in again.stdout
    assert not (tmp_path / "out" / "canvas.csv").exists() and not (tmp_path / "out" / "moodle.csv").exists()


def test_cli_never_imports_from_the_folder_it_grades(tmp_path):
    marker = tmp_path / "imported"
    for module in ("json", "csv", "argparse", "hashlib", "signal", "zipfile", "tempfile", "unicodedata", "html"):
        (tmp_path / f"{module}.py").write_text(f"open({str(marker)!r}, 'a').write('{module} ')\n")
    write(tmp_path, "ada.json", sheet("ada", {"actors-1": "Jens Stoltenberg"}))
    env = dict(os.environ, PYTHONPATH="")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "grade", ".", "--out", "../out", "--quiet"],
        capture_output=True, text=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert not marker.exists(), marker.read_text()


def test_cli_fails_early_on_a_bad_output_path_or_assignment_name(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    write(tmp_path, "ada.json", sheet("ada", {}))
    run = run_kit("grade", tmp_path / "ada.json", "--out", tmp_path / "file.txt")
    assert run.returncode == 1 and "is a file" in run.stderr and "Traceback" not in run.stderr
    for name in ("Quiz (12)", "Final Grade", "week 3 current  score", "Override Status", "=cmd"):
        run = run_kit("grade", tmp_path / "ada.json", "--out", tmp_path / "o", "--assignment", name)
        assert run.returncode == 1 and "assignment name" in run.stderr, name


def test_output_folder_inside_the_submissions_is_not_graded(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", all_correct()))
    for _ in range(2):
        run = run_kit("grade", tmp_path, "--out", tmp_path / "out", "--quiet")
        assert run.returncode == 0 and "0 file(s) had errors" in run.stdout, run.stdout

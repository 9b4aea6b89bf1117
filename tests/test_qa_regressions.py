"""Regressions found by using the kit as an instructor, a careless user and an attacker would (one test per finding)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

from kit.grading.identity import near_duplicates

from .conftest import ROOT


def _kit(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def _sheet(folder, name, student, answer="Jens Stoltenberg"):
    sheet = {"format": "kit-answers/1", "student": student, "answers": {"actors-1": {"value": answer}}}
    (folder / name).write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")


def test_grade_refuses_an_out_folder_that_holds_the_submissions(tmp_path):
    # Found: `kit grade collected --out collected` graded 0 students (the outputs are excluded from grading, and
    # the submissions were inside them), said nothing was wrong and wrote an empty canvas.csv among the zips.
    collected = tmp_path / "collected"
    collected.mkdir()
    _sheet(collected, "ada.json", "ada")
    for out in (collected, tmp_path):
        run = _kit("grade", collected, "--out", out, "--quiet")
        assert run.returncode == 1, run.stdout
        assert "holds the submissions" in run.stderr and "separate folder" in run.stderr
        assert not (out / "gradebook.csv").exists()
    assert sorted(p.name for p in collected.iterdir()) == ["ada.json"]  # nothing written among the submissions
    # an --out folder inside the submissions folder stays fine (the outputs are skipped, the sheets graded)
    run = _kit("grade", ".", "--out", "grading", "--quiet", cwd=collected)
    assert run.returncode == 0, run.stderr
    with open(collected / "grading" / "gradebook.csv", encoding="utf-8") as handle:
        assert [row["student"] for row in csv.DictReader(handle)] == ["ada"]


def test_look_alike_letters_make_ids_similar():
    # Found: "аb123" with a Cyrillic а (U+0430) and "ab123" were two students and no conflict was listed.
    cyrillic_a, greek_omicron = "\u0430", "\u03bf"
    assert near_duplicates([f"{cyrillic_a}b123", "ab123", "cd456"]) == [["ab123", f"{cyrillic_a}b123"]]
    assert near_duplicates([f"j{greek_omicron}e", "joe"]) == [["joe", f"j{greek_omicron}e"]]
    assert near_duplicates(["ab123", "ab124", "zz9"]) == []  # different ids stay different


def test_look_alike_id_is_a_conflict_in_the_report(tmp_path):
    collected = tmp_path / "collected"
    collected.mkdir()
    _sheet(collected, "real.json", "ab123")
    _sheet(collected, "fake.json", "\u0430b123", answer="Emmanuel Macron")
    run = _kit("grade", collected, "--out", tmp_path / "grading", "--quiet")
    assert run.returncode == 0, run.stderr
    assert "ATTENTION" in run.stdout and "look-alike" in run.stdout
    with open(tmp_path / "grading" / "conflicts.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["kind"], r["student"], r["other_file"]) for r in rows] == [("similar ids", "ab123", "\u0430b123")]


def test_release_refuses_a_folder_inside_the_instructor_copy():
    # Found: `kit release ./student` wrote the student copy into the checkout's root (git offers it for commit).
    target = ROOT / "qa-release-inside-checkout"
    try:
        run = _kit("release", target)
        assert run.returncode == 1
        assert "inside the instructor copy" in run.stderr and "../student-copy" in run.stderr
        assert not target.exists()
    finally:
        if target.exists():
            shutil.rmtree(target)


def test_a_score_given_to_an_id_with_control_characters_is_kept(tmp_path):
    # Found: free_text.csv shows such an id with its escapes ("ab\x1b[31m" as text); the score typed on that row
    # was matched against the id with the control characters removed, so it never applied and the LMS files
    # stayed withheld.
    collected = tmp_path / "collected"
    collected.mkdir()
    for name, student in (("plain.json", "ada"), ("escape.json", "ab\x1b[31m\t9")):
        sheet = {"format": "kit-answers/1", "student": student, "answers": {"synth-8": {"value": "My memo."}}}
        (collected / name).write_text(json.dumps(sheet), encoding="utf-8")
    out = tmp_path / "grading"
    assert _kit("grade", collected, "--out", out, "--quiet").returncode == 0
    with open(out / "free_text.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert sorted(r[0] for r in rows[1:]) == ["ab\\x1b[31m\\t9", "ada"]  # shown as escapes, never raw
    score = rows[0].index("score")
    for row in rows[1:]:
        row[score] = "5" if row[0] == "ada" else "4,5"  # a decimal comma, as a European spreadsheet writes it
    with open(out / "free_text.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    run = _kit("grade", collected, "--out", out, "--quiet")
    assert run.returncode == 0 and "LMS files not written" not in run.stdout, run.stdout
    with open(out / "gradebook.csv", encoding="utf-8") as handle:
        totals = {r["student"]: r["total"] for r in csv.DictReader(handle)}
    assert totals == {"ab\\x1b[31m\\t9": "4.5", "ada": "5"}  # 0 for everything else: only synth-8 was answered
    with open(out / "free_text.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2  # one row each, no orphan "not in this run" row


def test_grade_names_roster_students_with_no_submission(tmp_path):
    # Found: with --roster, a student on the class list who handed nothing in appeared nowhere (no row in the LMS
    # files, no line on the terminal), so the instructor could not tell a missing submission from a 0.
    collected = tmp_path / "collected"
    collected.mkdir()
    _sheet(collected, "ada.json", "AB123")
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeffFirst name;Last name;Username\r\nAda;L;ab123\r\nZed;Z;gh000\r\n", encoding="utf-8")
    run = _kit("grade", collected, "--out", tmp_path / "grading", "--quiet", "--provisional", "--roster", roster)
    assert run.returncode == 0, run.stderr
    assert "On the roster, no submission graded (1): gh000" in run.stdout
    assert "ab123" not in run.stdout.split("no submission graded")[1]


def test_submit_with_a_damaged_answer_sheet_says_so_and_packs_it(tmp_path, monkeypatch):
    # Found: with a damaged answer sheet (cut short), kit.submit() set it aside silently, packed an empty sheet and
    # said "Submission ready": the student handed in nothing without knowing.
    import zipfile

    import kit
    from kit.classroom import identity
    from kit.exercises import answers

    for name in ("KIT_ANSWERS", "KIT_STUDENT", "JUPYTERHUB_USER", "KIT_EXCHANGE_URL", "KIT_DROPBOX"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIT_WORK", str(tmp_path / "work"))
    monkeypatch.setattr(identity, "_login", lambda: "jovyan")
    monkeypatch.setattr(answers, "_SHEET", None)
    monkeypatch.setattr(answers, "_FOLLOW_DEFAULT", True)
    monkeypatch.chdir(tmp_path)
    kit.set_student("qq1")
    kit.check("actors-1", "Jens Stoltenberg")
    sheet = answers.answer_sheet().path
    damaged = sheet.read_bytes()[:40]
    sheet.write_bytes(damaged)  # e.g. the disk filled up mid-save
    shown = str(kit.submit())
    assert "damaged" in shown and "Tell your instructor" in shown and "❌" in shown
    (packed,) = (tmp_path / "work" / "submissions").glob("*.zip")
    with zipfile.ZipFile(packed) as bundle:
        kept = [n for n in bundle.namelist() if n.startswith("answers/unreadable/")]
        assert len(kept) == 1 and bundle.read(kept[0]) == damaged  # the instructor can recover it, byte for byte
        assert json.loads(bundle.read("submission.json"))["unreadable_sheets"] == kept
    kit.check("actors-1", "Jens Stoltenberg")  # answered again: still said, no longer an error
    again = str(kit.submit())
    assert "damaged" in again and "❌" not in again


def test_set_student_refuses_invisible_characters():
    # Found: kit.set_student("ab\u202e321") was accepted: the right-to-left override shows the id as "ab123" on the
    # student's screen while the grader (which removes it) files the answers under "ab321".
    import pytest

    from kit.classroom.identity import check_id

    for typed in ("ab\u202e321", "ab\u200b123", "\ufeffab123", "ab\u2066123", "ab\x7f123"):
        with pytest.raises(ValueError, match="invisible character|short text on one line"):
            check_id(typed)
    assert check_id(" zoë.smith ") == "zoë.smith"  # accents and separators stay allowed


def test_nato_kit_grade_run_inside_the_submissions_never_starts_a_students_kit_py(tmp_path):
    # `python -m kit` would import ./kit.py first; the console script must not.
    script = shutil.which("nato-kit", path=str(Path(sys.executable).parent))
    assert script, "the nato-kit console script is installed with the kit (pyproject [project.scripts])"
    collected = tmp_path / "collected"
    collected.mkdir()
    marker = tmp_path / "student-code-ran"
    (collected / "kit.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    (collected / "json.py").write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    sheet = {"format": "kit-answers/1", "student": "ab123", "answers": {}}
    (collected / "ab123.json").write_text(json.dumps(sheet), encoding="utf-8")
    run = subprocess.run([script, "grade", ".", "--out", "out"], cwd=collected, capture_output=True, text=True)
    assert not marker.exists(), run.stdout + run.stderr
    assert (collected / "out" / "gradebook.csv").is_file(), run.stdout + run.stderr


def test_a_feedback_page_says_no_answer_once_per_unanswered_item(tmp_path):
    from kit.exercises.bank import load_bank

    bank = load_bank()
    (tmp_path / "in").mkdir()
    sheet = {"format": "kit-answers/1", "student": "ab123", "answers": {}}
    (tmp_path / "in" / "ab123.json").write_text(json.dumps(sheet), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "grade", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--provisional"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    (page,) = [p for p in (tmp_path / "out" / "feedback").glob("ab123-*.html")]
    text = page.read_text(encoding="utf-8")
    assert text.count("No answer.") == len(bank)  # once per item: the answer block, not again as a message

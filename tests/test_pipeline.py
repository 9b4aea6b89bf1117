"""The whole cycle, as an instructor and a student would run it: release → answer → submit → grade."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

from .conftest import ROOT

STUDENT_SESSION = """
import kit
kit.set_student("ab123")
print(kit.check("actors-1", "Jens Stoltenberg"))          # graded, by code
print(kit.check("geo-4", "3 July 1962"))                  # practice, by code
box = kit.ask("actors-3")                                 # practice, by widget
box.controls["answer"].value = ["France", "China"]      # ticked
box.controls["check"].click()
print(box.output.value)
print(kit.submit(out="{out}"))
"""


def test_release_answer_submit_grade(tmp_path):
    release = tmp_path / "student-copy"
    made = subprocess.run(
        [sys.executable, "-m", "kit", "release", str(release)], capture_output=True, text=True, cwd=ROOT
    )
    assert made.returncode == 0, made.stderr

    bundle = tmp_path / "ab123.zip"
    env = dict(os.environ, KIT_ANSWERS=str(tmp_path / "sheet.json"))
    session = STUDENT_SESSION.replace("{out}", str(bundle))
    student = subprocess.run([sys.executable, "-c", session], capture_output=True, text=True, cwd=release, env=env)
    assert student.returncode == 0, student.stderr
    assert "actors-1: Answer recorded" in student.stdout  # graded: no verdict in the student copy
    assert "geo-4: Correct" in student.stdout  # practice: instant feedback
    assert "actors-3: Correct" in student.stdout and "Submission ready" in student.stdout

    out = tmp_path / "grading"
    graded = subprocess.run(
        [sys.executable, "-m", "kit", "grade", str(bundle), "--out", str(out), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stderr
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["student"] == "ab123" and row["status"] == "ok"
    assert (row["actors-1"], row["geo-4"]) == ("1", "1")
    assert float(row["actors-3"]) == 2  # both right options (France, China), no wrong pick
    assert len(list((out / "feedback").glob("ab123-*.html"))) == 1 and (out / "feedback" / "index.html").exists()

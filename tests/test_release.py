"""The student release: clean notebooks, the kit, practice keys, and no graded key anywhere."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kit.classroom.release import find_key_leaks, key_needles
from kit.exercises.bank import load_bank

from .conftest import ROOT


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("rel") / "student-copy"
    run = subprocess.run([sys.executable, "-m", "kit", "release", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return out


def test_release_holds_no_graded_key_in_any_file(release):
    bank = load_bank()
    assert find_key_leaks(release, bank) == []
    assert sum(len(v) for v in key_needles(bank).values()) > 50  # the scan really looks for something
    released = {e["id"]: e for e in json.loads((release / "exercises" / "bank.json").read_text())["exercises"]}
    for exercise in bank.values():
        entry = released[exercise.id]
        if exercise.graded:
            assert entry["answer"] is None and entry["explanation"] == "" and entry["feedback"] == {}
        else:
            assert entry["answer"] == exercise.answer and entry["explanation"] == exercise.explanation
    assert not list((release / "exercises").glob("*.toml")) and not (release / "tests").exists()


def test_the_leak_scan_catches_a_leak(release, tmp_path):
    bank = load_bank()
    (tmp_path / "notes.txt").write_text("Reminder: " + bank["geo-1"].explanation)
    assert find_key_leaks(tmp_path, bank) == ["notes.txt reveals the key of geo-1"]


def test_release_notebooks_are_clean_and_complete(release):
    names = sorted(p.name for p in (release / "notebooks").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for path in (release / "notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None


def run_kit(folder, code, tmp_path):
    env = {"KIT_ANSWERS": str(tmp_path / "sheet.json"), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=folder, env=env)


def test_student_copy_records_graded_answers_and_gives_practice_feedback(release, tmp_path):
    code = "import kit; print(kit.check('geo-1', ['covered']*6)); print(kit.check('geo-4', '3 July 1962'))"
    code += "; print(kit.explain('geo-1'))"
    run = run_kit(release, code, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "geo-1: Answer recorded" in run.stdout and "your instructor will grade it" in run.stdout
    assert "explanation comes with your feedback after grading" in run.stdout
    assert "geo-4: Correct" in run.stdout
    assert json.loads((tmp_path / "sheet.json").read_text())["answers"]["geo-1"]["value"] == ["covered"] * 6


def test_key_command_in_each_copy(release, tmp_path):
    student = subprocess.run([sys.executable, "-m", "kit", "key"], capture_output=True, text=True, cwd=release)
    assert student.returncode == 1 and "No answer key is present" in student.stdout
    instructor = subprocess.run(
        [sys.executable, "-m", "kit", "key", "--json"], capture_output=True, text=True, cwd=ROOT
    )
    keys = json.loads(instructor.stdout)
    assert keys["geo-1"] == load_bank()["geo-1"].answer and "actors-8" not in keys


def test_release_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "something.txt").write_text("x")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "release", str(tmp_path)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 1 and "not empty" in run.stderr

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


def test_the_release_is_an_allow_list_of_what_students_need(release):
    top = sorted(p.name for p in release.iterdir())
    assert top == sorted(
        [".gitignore", "CITATION.cff", "LICENSE", "LICENSE-CONTENT.md", "Makefile", "README.md", "environment.yml"]
        + ["setup.py"]  # builds the wheel with the case data and the bank inside (kit.classroom)
        + ["exercises", "kit", "notebooks", "pyproject.toml", "seeds"]
        + (["setup.py"] if (ROOT / "setup.py").exists() else [])
    )
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert "docs/images" not in readme and "feedback says correct" not in readme and "make lab" in readme
    assert not (release / "docs").exists() and not (release / "tests").exists()
    assert not list(release.rglob("*.png")) and not list(release.rglob("__pycache__"))


def rewrap(text: str) -> str:
    """The text as an author might paste it: other case, other line breaks, straight quotes."""
    words = text.replace("“", '"').replace("”", '"').upper().split()
    return "\n".join(" ".join(words[i : i + 5]) for i in range(0, len(words), 5))


def notebook_with(**cell) -> str:
    base = {"cell_type": "code", "source": "", "metadata": {}, "outputs": [], "execution_count": None}
    return json.dumps(
        {
            "cells": [{"cell_type": "markdown", "source": "# Title", "metadata": {}}, base | cell],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


def test_the_leak_scan_finds_keys_wherever_they_hide_and_says_where(tmp_path):
    bank = load_bank()
    explanation = bank["geo-1"].explanation
    feedback = next(iter(bank["actors-1"].feedback.values()))
    order = next(e for e in bank.values() if e.graded and isinstance(e.answer, list) and len(e.answer) >= 3)
    (tmp_path / "notes.txt").write_text("Reminder:\n" + rewrap(explanation))
    (tmp_path / "data.csv").write_text("id,text\n1," + json.dumps(feedback) + "\n")
    (tmp_path / "code.ipynb").write_text(notebook_with(source=f"print({explanation!r})"))
    (tmp_path / "meta.ipynb").write_text(notebook_with(metadata={"note": rewrap(feedback)}))
    attached = __import__("base64").b64encode(explanation.encode()).decode()
    (tmp_path / "att.ipynb").write_text(
        notebook_with(cell_type="markdown", attachments={"a.txt": {"text/plain": attached}})
    )
    (tmp_path / "list.md").write_text("Key:\n" + "\n".join(f"- {item}" for item in order.answer))
    leaks = find_key_leaks(tmp_path, bank)
    assert leaks == [
        "att.ipynb, cell 2 attachment a.txt reveals the key of geo-1 (its explanation)",
        "code.ipynb, cell 2 (code) reveals the key of geo-1 (its explanation)",
        "data.csv, line 2 reveals the key of actors-1 (its feedback)",
        f"list.md, line 2 reveals the key of {order.id} (its key, in order)",
        "meta.ipynb, cell 2 metadata reveals the key of actors-1 (its feedback)",
        "notes.txt, line 2 reveals the key of geo-1 (its explanation)",
    ]


def test_release_refuses_to_copy_into_itself_or_onto_a_file(tmp_path):
    for inside in ("kit/release-x", "seeds/student", "notebooks/out"):
        run = subprocess.run(
            [sys.executable, "-m", "kit", "release", str(ROOT / inside)], capture_output=True, text=True, cwd=ROOT
        )
        assert run.returncode == 1 and "copy itself into itself" in run.stderr, inside
        assert not (ROOT / inside).exists()
    (tmp_path / "file").write_text("x")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "release", str(tmp_path / "file")], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 1 and "is a file" in run.stderr


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

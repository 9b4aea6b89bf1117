"""The instructor's command line, called as a person types it; expectations from the bank's TOML files and
the research notes, read here without the kit's loader."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import tomllib

from kit.cli import main

from .conftest import ROOT


def bank_ids_from_toml() -> set[str]:
    ids = set()
    for path in (ROOT / "exercises").glob("*.toml"):
        ids |= {e["id"] for e in tomllib.loads(path.read_text(encoding="utf-8")).get("exercise", [])}
    return ids


def test_python_m_kit_cli_runs(tmp_path):
    # `python -m kit.cli` once failed with NameError: its main block stood before the helpers it calls.
    run = subprocess.run([sys.executable, "-m", "kit.cli", "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "valid" in run.stdout


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


def test_key_lists_every_exercise_of_the_bank_files(capsys):
    assert main(["key"]) == 0
    out = capsys.readouterr().out
    missing = [i for i in bank_ids_from_toml() if f"**{i}**" not in out]
    assert not missing


def test_key_as_json_holds_hand_checked_answers(capsys):
    assert main(["key", "--json"]) == 0
    key = json.loads(capsys.readouterr().out)
    # the Algerian clauses became inapplicable as from 3 July 1962 (North Atlantic Council, 16 January 1963)
    assert "3 July 1962" in str(key["geo-4"])
    # research notes: Nikkei 3 May, Mao Ning 4 May, Wang Wenbin 12 May, the Mission 12 July, Lithuania 13 July
    for item, who in zip(key["china-1"], ["Nikkei", "Mao Ning", "Wang Wenbin", "Mission", "Lithuania"], strict=True):
        assert who in item


def test_grade_refuses_a_file_as_output_folder(tmp_path, capsys):
    not_a_folder = tmp_path / "grading"
    not_a_folder.write_text("x", encoding="utf-8")
    sheets = tmp_path / "in"
    sheets.mkdir()
    assert main(["grade", str(sheets), "--out", str(not_a_folder), "--quiet"]) == 1
    assert "is a file" in capsys.readouterr().err


def test_set_student_refuses_a_bad_id(capsys):
    assert main(["set-student", "ab\n123"]) == 1  # two lines: refused before anything is saved
    assert "one line" in capsys.readouterr().out


def test_dropbox_init_makes_a_folder_students_can_drop_into_but_not_list(tmp_path, capsys):
    assert main(["dropbox-init", str(tmp_path / "box")]) == 0
    mode = stat.S_IMODE((tmp_path / "box" / "inbound").stat().st_mode)
    assert mode == 0o1733
    assert "KIT_DROPBOX=" in capsys.readouterr().out

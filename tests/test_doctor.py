"""`python -m kit doctor` passes here and says what to fix when something is wrong."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def doctor(env_extra=None):
    import os

    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "kit", "doctor"], capture_output=True, text=True, cwd=ROOT, env=env)


def test_doctor_passes_in_the_kits_environment(tmp_path):
    run = doctor({"KIT_ANSWERS": str(tmp_path / "sheet.json")})
    assert run.returncode == 0, run.stdout
    assert "✅ the ipywidgets extension for JupyterLab is installed" in run.stdout
    assert "❌" not in run.stdout


def test_doctor_names_an_unwritable_answer_sheet(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the answers folder should be")
    run = doctor({"KIT_ANSWERS": str(blocker / "sheet.json")})
    assert run.returncode == 1
    assert "❌ answers cannot be saved" in run.stdout and "KIT_ANSWERS" in run.stdout

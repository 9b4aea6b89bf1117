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
    assert "✅ the JupyterLab extensions for the widgets (ipywidgets, anywidget) are installed" in run.stdout
    assert "❌" not in run.stdout


def test_doctor_names_an_unwritable_answer_sheet(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the answers folder should be")
    run = doctor({"KIT_ANSWERS": str(blocker / "sheet.json")})
    assert run.returncode == 1
    assert "❌ answers cannot be saved" in run.stdout and "KIT_ANSWERS" in run.stdout


def test_doctor_names_a_missing_widget_extension(tmp_path, monkeypatch):
    import jupyter_core.paths

    from kit.classroom import doctor as module

    # Only ipywidgets' extension in the one folder JupyterLab would search: anywidget's is missing.
    manager = tmp_path / "@jupyter-widgets" / "jupyterlab-manager"
    manager.mkdir(parents=True)
    (manager / "package.json").write_text("{}")
    monkeypatch.setattr(jupyter_core.paths, "jupyter_path", lambda *parts: [str(tmp_path)])
    ok, text = module._widget_extensions()
    assert ok is False
    assert text.startswith("JupyterLab's extension for anywidget is missing") and "`pip install anywidget`" in text
    (manager / "package.json").unlink()
    ok, text = module._widget_extensions()
    assert ok is False and "for ipywidgets and anywidget is missing" in text

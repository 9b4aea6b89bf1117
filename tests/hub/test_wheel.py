"""A wheel of the student copy works from outside any checkout: case data, map and released bank are inside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

STUDENT = """
import json, kit
from kit.classroom import state
from kit.exercises.bank import load_bank
from kit.lessons.maps import country_outlines
case = kit.load_case()
print("kit from", kit.__file__)
print("actors", len(case.actors), "outlines", len(country_outlines()) > 100)
print("released", load_bank().released)
print(kit.set_student("ab123"))
print(kit.check("geo-4", "3 July 1962"))
print(kit.submit())
print("work", state.work_folder().folder)
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The student copy, built into a wheel without network (the running environment's setuptools)."""
    base = tmp_path_factory.mktemp("wheel")
    release = base / "student-copy"
    made = subprocess.run([sys.executable, "-m", "kit", "release", str(release)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(base / "dist"), str(release)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    (found,) = (base / "dist").glob("*.whl")
    return found


def test_the_wheel_carries_the_data_and_only_the_released_bank(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "kit/_data/seeds/actors.csv" in names and "kit/_data/exercises/bank.json" in names
    assert any(n.startswith("kit/lessons/geodata/") and n.endswith(".geojson") for n in names)
    assert not [n for n in names if n.endswith(".toml") and "exercises" in n]  # no instructor bank (keys)


def test_a_wheel_installed_kit_runs_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    # The dependencies already installed here, but not the kit itself (a .pth line adds a folder without
    # running its .pth files, so this environment's editable install of the kit stays out).
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    fresh_site = Path(subprocess.check_output([python, "-c", where], text=True).strip())
    (fresh_site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--no-deps", str(wheel)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    run = subprocess.run([python, "-c", STUDENT], capture_output=True, text=True, cwd=home, env=env)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert f"kit from {fresh_site}" in out, out
    assert "outlines True" in out and "released True" in out and "geo-4: Correct" in out and "Submission ready" in out
    assert f"work {home / 'kit-work'}" in out  # an installed kit never writes into site-packages
    (bundle,) = (home / "kit-work" / "submissions").glob("*.zip")
    assert json.loads(zipfile.ZipFile(bundle).read("submission.json"))["kit_version"]
    doctor = subprocess.run([python, "-m", "kit", "doctor"], capture_output=True, text=True, cwd=home, env=env)
    kit_lines = [
        line for line in doctor.stdout.splitlines() if any(w in line for w in ("case", "bank", "answers", "kit "))
    ]
    assert len(kit_lines) >= 4 and not [line for line in kit_lines if "❌" in line], doctor.stdout
    # (the widget extension lives in the environment that lent its packages, so that line is not checked here)
    assert "the case data is valid" in doctor.stdout and "student copy" in doctor.stdout

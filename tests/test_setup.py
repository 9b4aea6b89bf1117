"""The set-up a new user runs: the two commands, the two environment files kept in step, CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib

import pytest

from .conftest import ROOT


def conda_dependencies() -> dict[str, str]:
    deps = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("\ndependencies:\n", 1)[1].splitlines():
        # conda packages ("  - name>=1") and the pip section's ("      - name>=1") for those only on PyPI
        match = re.match(r"^(?:  |      )- ([A-Za-z0-9_.\-]+)([<>=!].*)?$", line)
        if match and match.group(1) not in ("pip", "python"):
            deps[match.group(1).lower()] = (match.group(2) or "").strip()
    return deps


def pip_dependencies() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = {}
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        match = re.match(r"^([A-Za-z0-9_.\-]+)(.*)$", spec)
        deps[match.group(1).lower()] = match.group(2).strip()
    return deps


def test_environment_yml_and_pyproject_pin_the_same_ranges():
    assert conda_dependencies() == pip_dependencies()


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "  - python>=3.11" in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_make_lab_opens_the_first_notebook():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^lab:.*\n\t(.*)$", makefile, re.M).group(1)
    assert "jupyter lab" in target and "notebooks/00_start_here.ipynb" in target
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()


# ---- the Makefile's install logic, run for real against a fake virtual environment (no network, no install) ----

FAKE_PYTHON = """#!/bin/sh
# A stand-in for .venv/bin/python: logs its arguments; `-m pip install uv==...` succeeds only if UV_OK is set,
# and then creates a stand-in uv that logs its arguments too.
echo "python $*" >> "$LOG"
case "$*" in
  *"pip install --quiet uv=="*)
    [ -n "$UV_OK" ] || exit 1
    printf '#!/bin/sh\\nif [ "$1" = --version ]; then echo "uv %s"; exit 0; fi\\necho "uv $*" >> "$LOG"\\n' \
      "$UV_VERSION" > "$(dirname "$0")/uv"
    chmod +x "$(dirname "$0")/uv";;
esac
exit 0
"""


def makefile_variable(name: str) -> str:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^{name}\s*:?=\s*(\S+)\s*$", makefile, re.M).group(1)


@pytest.fixture
def fake_checkout(tmp_path):
    """The Makefile and pyproject.toml in a temporary folder, with a fake .venv/bin/python that records calls."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAKE_PYTHON, encoding="utf-8")
    python.chmod(0o755)
    return tmp_path


def run_make(folder, target, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("KIT_INSTALLER", "MAKE"))}
    environ.update(LOG=str(folder / "calls.log"), UV_VERSION=makefile_variable("UV_VERSION"), **env)
    result = subprocess.run(["make", "-C", str(folder), target], env=environ, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    log = folder / "calls.log"
    return result.stdout, log.read_text(encoding="utf-8") if log.exists() else ""


needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@needs_make
def test_make_lab_installs_the_runtime_set_with_uv_and_a_second_run_installs_nothing(fake_checkout):
    out, calls = run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1")
    assert "with uv" in out
    version = makefile_variable("UV_VERSION")
    assert f"python -m pip install --quiet uv=={version}" in calls
    assert "uv pip install --python .venv/bin/python --editable .\n" in calls  # no [dev]: a student's set only
    assert "python -m kit.classroom.labsettings .venv" in calls
    out, calls_again = run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1")
    assert calls_again == calls  # the stamp is newer than pyproject.toml: nothing ran
    assert "up to date" in out


@needs_make
def test_make_test_set_adds_the_dev_extras_and_marks_the_lab_set_done(fake_checkout):
    run_make(fake_checkout, ".venv/.kit-installed", UV_OK="1")
    calls = (fake_checkout / "calls.log").read_text(encoding="utf-8")
    assert "uv pip install --python .venv/bin/python --editable .[dev]\n" in calls
    out, calls_after_lab = run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1")
    assert calls_after_lab == calls and "up to date" in out


@needs_make
def test_without_uv_the_install_falls_back_to_pip(fake_checkout):
    out, calls = run_make(fake_checkout, ".venv/.kit-lab")  # installing uv fails
    assert "with pip" in out
    assert "python -m pip install --quiet --editable .\n" in calls
    assert not (fake_checkout / ".venv" / "bin" / "uv").exists()


@needs_make
def test_kit_installer_pip_skips_uv(fake_checkout):
    out, calls = run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1", KIT_INSTALLER="pip")
    assert "uv==" not in calls and "python -m pip install --quiet --editable .\n" in calls


@needs_make
def test_a_changed_pyproject_reinstalls(fake_checkout):
    run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1")
    stamp = fake_checkout / ".venv" / ".kit-lab"
    os.utime(stamp, (stamp.stat().st_mtime - 10, stamp.stat().st_mtime - 10))
    _, calls = run_make(fake_checkout, ".venv/.kit-lab", UV_OK="1")
    assert calls.count("uv pip install") == 2


# ---- what `make test` runs, and the pins ----


def test_make_test_lints_type_checks_and_measures_coverage():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    for step in ("ruff check", "ruff format --check", "mypy", "kit validate seeds", "pytest --cov", "coverage report"):
        assert step in recipe, step
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert config["coverage"]["report"]["fail_under"] >= 90
    assert "subprocess" in config["coverage"]["run"]["patch"]
    assert config["mypy"]["files"] == ["kit"]


def test_tools_are_pinned_and_libraries_are_ranges():
    deps = pip_dependencies()
    for tool in ("ruff", "mypy", "pytest", "coverage", "hypothesis", "mutmut"):
        assert deps[tool].startswith("==") and "," not in deps[tool], tool
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for spec in project["dependencies"]:
        assert "==" not in spec and ">=" in spec, spec
    assert re.fullmatch(r"\d+\.\d+\.\d+", makefile_variable("UV_VERSION"))

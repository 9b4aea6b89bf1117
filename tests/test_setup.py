"""The set-up a new user runs: the two commands, the two environment files kept in step, CI."""

from __future__ import annotations

import re
import tomllib

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

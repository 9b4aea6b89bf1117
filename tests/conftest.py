"""Shared fixtures: the case, and throw-away copies of the case directory to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def case():
    import kit

    return kit.load_case()


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/ in a temporary folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.fixture(scope="session")
def executed():
    """Run a notebook once per test session in a fresh kernel, from the notebooks folder; cache the result."""
    import nbformat
    from nbclient import NotebookClient

    done = {}

    def run(path):
        if path not in done:
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
            )
            client.execute()
            done[path] = notebook
        return done[path]

    return run


def pytest_configure(config):
    """Keep every answer the tests record (and every kernel they start) away from the real answers/ folder."""
    import os
    import tempfile

    os.environ["KIT_ANSWERS"] = str(Path(tempfile.mkdtemp(prefix="kit-test-answers-")) / "answer-sheet.json")
    os.environ.setdefault("KIT_STUDENT", "test-student")

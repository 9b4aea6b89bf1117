"""Where the kit's own files are: the checkout (or install) root, the case data, the exercise bank, the notebooks.

Every other module asks here instead of counting ``parent`` steps from its own file,
so moving a module never moves a folder.

>>> (ROOT / "kit" / "core" / "paths.py").is_file()
True
>>> SEEDS.name, EXERCISES.name, NOTEBOOKS.name
('seeds', 'exercises', 'notebooks')
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
CHECKOUT = (ROOT / "pyproject.toml").is_file()  # False when installed from a wheel (ROOT is site-packages)


def _data_folder(name: str) -> Path:
    """A top-level folder of the checkout, or its copy inside the package in a wheel (see setup.py)."""
    return ROOT / name if CHECKOUT else PACKAGE / "_data" / name


SEEDS = _data_folder("seeds")
EXERCISES = _data_folder("exercises")
NOTEBOOKS = ROOT / "notebooks"

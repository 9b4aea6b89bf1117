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
SEEDS = ROOT / "seeds"
EXERCISES = ROOT / "exercises"
NOTEBOOKS = ROOT / "notebooks"

"""The kit's version, stamped into what it releases and what students hand in, and checked where they meet.

A class can end up with notebooks from one release, a bank from another and an image with a third kit
installed (an nbgitpuller update after the image was rebuilt, a student's old clone). ``kit doctor``
reports such a mix; ``kit.submit()`` records the version it packed with.

>>> stamp({"metadata": {}})["metadata"]["kit"]["version"] == kit_version()
True
>>> notebook_version({"metadata": {"kit": {"version": "0.0.9"}}})
'0.0.9'
"""

from __future__ import annotations

import json
from pathlib import Path

from kit.core.paths import EXERCISES


def kit_version() -> str:
    """The installed kit's version."""
    from kit import __version__

    return __version__


def stamp(notebook: dict) -> dict:
    """Record the kit's version in a notebook's metadata (``metadata.kit.version``)."""
    notebook.setdefault("metadata", {}).setdefault("kit", {})["version"] = kit_version()
    return notebook


def notebook_version(notebook: dict) -> str | None:
    kit = notebook.get("metadata", {}).get("kit")
    return kit.get("version") if isinstance(kit, dict) else None


def bank_version(folder: Path | None = None) -> str | None:
    """The version a released bank was made with; None for the instructor's TOML bank (it is the kit's own)."""
    try:
        return json.loads((Path(folder or EXERCISES) / "bank.json").read_text(encoding="utf-8")).get("kit_version")
    except (OSError, ValueError, AttributeError):
        return None


def mismatches(notebooks: Path | None) -> list[str]:
    """Every disagreement between the installed kit, the bank and the notebooks in ``notebooks``."""
    mine, found = kit_version(), []
    bank = bank_version()
    if bank and bank != mine:
        found.append(f"the exercise bank was released with kit {bank} but kit {mine} is installed")
    for path in sorted(Path(notebooks).glob("[0-9][0-9]_*.ipynb")) if notebooks else []:
        try:
            version = notebook_version(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, AttributeError):
            continue
        if version and version != mine:
            found.append(f"{path.name} was released with kit {version} but kit {mine} is installed")
    return found

"""Build the student copy of the kit: clean notebooks, the kit, the data, and a bank without graded keys.

>>> sorted(COPIED)[:3]
['.gitignore', 'CITATION.cff', 'LICENSE']
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kit.classroom.versions import kit_version, stamp
from kit.core.errors import KitError
from kit.core.paths import ROOT
from kit.exercises.bank import RELEASED_BANK, Bank, load_bank

COPIED = ("kit", "seeds", "README.md", "LICENSE", "LICENSE-CONTENT.md", "CITATION.cff", "pyproject.toml")
COPIED += ("environment.yml", "Makefile", ".gitignore", "docs", "setup.py")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


def build_release(out: Path, bank: Bank | None = None) -> list[str]:
    """Write the student copy into ``out`` (which must not exist or be empty); return what was written."""
    bank = bank or load_bank()
    if bank.released:
        raise KitError("This copy is already a student release: build releases from the instructor copy.")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise KitError(f"{out} is not empty. Choose a new folder for the release, or delete this one first.")
    out.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, out / name, ignore=IGNORED)
        elif source.is_file():
            shutil.copy2(source, out / name)
    (out / "notebooks").mkdir()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        (out / "notebooks" / notebook.name).write_text(
            clean_notebook(notebook.read_text(encoding="utf-8")), encoding="utf-8"
        )
    (out / "exercises").mkdir()
    released = {**json.loads(bank.to_json(strip_graded_keys=True)), "kit_version": kit_version()}
    (out / "exercises" / RELEASED_BANK).write_text(
        json.dumps(released, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    shutil.copy2(ROOT / "exercises" / "README.md", out / "exercises" / "README.md")
    leaks = find_key_leaks(out, bank)
    if leaks:
        shutil.rmtree(out)
        raise KitError("The release would reveal graded keys, so it was not written: " + "; ".join(leaks[:5]))
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def clean_notebook(text: str) -> str:
    """The notebook with outputs, execution counts and widget state removed, stamped with the kit's version."""
    notebook = stamp(json.loads(text))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook.get("metadata", {}).pop("widgets", None)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def key_needles(bank: Bank) -> dict[str, list[str]]:
    """Text that would reveal a graded key: its explanation, distractor feedback, and the key serialised as data."""
    needles: dict[str, list[str]] = {}
    for exercise in bank.values():
        if not exercise.graded or exercise.answer is None:
            continue
        found = [exercise.explanation, *exercise.feedback.values()]
        found.append(json.dumps({"answer": exercise.answer}, ensure_ascii=False)[1:-1])
        if isinstance(exercise.answer, list):  # a key list in order; a lone option or number is taught anyway
            found.append(json.dumps(exercise.answer, ensure_ascii=False))
        needles[exercise.id] = [n for n in found if n and len(n) >= 8]
    return needles


def find_key_leaks(folder: Path, bank: Bank) -> list[str]:
    """Every file under ``folder`` that holds text revealing a graded key."""
    needles = key_needles(bank)
    leaks = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore")
        text_escaped = text.encode("ascii", "backslashreplace").decode("ascii")
        for exercise_id, items in needles.items():
            for needle in items:
                if needle in text or needle in text_escaped:
                    leaks.append(f"{path.relative_to(folder)} reveals the key of {exercise_id}")
                    break
    return leaks

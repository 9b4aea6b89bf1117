"""Build the student copy of the kit: an allow-list of what students need, and a scan that no graded key leaks.

The release holds the kit package, the case data, the clean notebooks, the bank without
graded keys (``exercises/bank.json``), the bank's format notes, a README written for
students, the licences and the set-up files. Nothing else: not the instructor's guide, not
the README's screenshots, not the tests.

The leak scan reads every file written, and inside notebooks every cell's source (code
and Markdown), outputs, attachments and metadata. Text is compared in a normal form
(Unicode NFKC, case folded, punctuation and line breaks as single spaces), so re-wrapped,
re-cased or re-quoted text is still found. A leak names the file, the cell or line, the
exercise and what leaked.

>>> normalised("Paragraph 7 ends\\n the  “quotation”!")
' paragraph 7 ends the quotation '
>>> "kit" in ALLOWED and "docs" not in ALLOWED and "tests" not in ALLOWED
True
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import unicodedata
from pathlib import Path

from kit.classroom.versions import kit_version, stamp
from kit.core.errors import KitError
from kit.core.paths import CHECKOUT, ROOT
from kit.exercises import types as exercise_types
from kit.exercises.bank import RELEASED_BANK, Bank, Exercise, load_bank

ALLOWED: tuple[str, ...] = (
    "kit",
    "seeds",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "CITATION.cff",
    "pyproject.toml",
    "environment.yml",
)
ALLOWED += ("Makefile", ".gitignore", "setup.py")  # setup.py: the wheel carries seeds/ and exercises/
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
# Characters, normalised: shorter texts are taught in the lessons anyway. A lone option, a date or a text answer
# is not a needle either (the options are shown with the question; the treaty holds the Tropic of Cancer).
MIN_NEEDLE = 15

STUDENT_README = """# Geography is stubborn: a Jupyter teaching kit on alliance politics

In July 2023, at NATO's summit in Vilnius, France's President Macron opposed a proposed NATO liaison office in
Tokyo, Secretary-General Stoltenberg kept it "on the table", China criticised the idea, and Japan's Prime
Minister Kishida agreed a new partnership programme with NATO. These notebooks teach that one news case:
who said what and for whom, what the North Atlantic Treaty says about geography, and how one ally's
objection can stop an office in an alliance that decides by consensus.

## Start

You need Python 3.11 or newer and `make`. In this folder:

```bash
make lab     # the first time it installs what the kit needs (about two minutes), then opens JupyterLab
```

Or with conda: `conda env create -f environment.yml`, `conda activate nato-tokyo-kit`,
`jupyter lab notebooks/00_start_here.ipynb`.

Open the notebooks in order, from `00_start_here`. Run a cell with Shift + Enter. No coding is needed.

## Answering and handing in

- Tell the kit who you are once, in the student id box of notebook 00 (or `kit.set_student("your id")`), with
  the id your instructor asked for. On a JupyterHub the kit knows your hub login already.
- Answer with the exercise widgets (or `kit.check("exercise-id", answer)`). Practice items tell you at once
  whether you are right and why; graded items are recorded, and your instructor sends feedback after grading.
- `kit.progress()` shows what is left. When you are done, `kit.submit()` packs your answers into one file to
  hand in, and says where it is.

## Licences

Code: MIT (`LICENSE`). The kit's own text and data: CC BY 4.0 (`LICENSE-CONTENT.md`). The source article and
the treaty are kept for teaching, with their attribution in `seeds/sources/`. How to cite: `CITATION.cff`.
"""


def build_release(out: Path, bank: Bank | None = None) -> list[str]:
    """Write the student copy into ``out`` (which must not exist or be empty); return what was written."""
    bank = bank or load_bank()
    if bank.released:
        raise KitError("This copy is already a student release: build releases from the instructor copy.")
    out = _check_target(Path(out))
    out.mkdir(parents=True, exist_ok=True)
    try:
        for name in ALLOWED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, out / name, ignore=IGNORED)
            elif source.is_file():
                shutil.copy2(source, out / name)
        (out / "README.md").write_text(STUDENT_README, encoding="utf-8")
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
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    if leaks:
        shutil.rmtree(out)
        shown = "\n  ".join(leaks[:20]) + ("\n  …" if len(leaks) > 20 else "")
        raise KitError(
            f"The release would reveal graded keys, so it was not written ({len(leaks)} place(s)):\n  {shown}\n"
            "Remove that text from those places (or make the item practice in the bank), then release again."
        )
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def _check_target(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise KitError(f"{out} is a file. Give the name of a new folder for the student copy.")
    if out.exists() and any(out.iterdir()):
        raise KitError(f"{out} is not empty. Choose a new folder for the release, or delete this one first.")
    target = out.resolve()
    for name in (*ALLOWED, "notebooks", "exercises"):
        source = (ROOT / name).resolve()
        if target == source or target.is_relative_to(source):
            raise KitError(
                f"{out} is inside {name}/, which the release copies: it would copy itself into itself. "
                "Choose a folder outside the kit, e.g. ../student-copy."
            )
    if target == ROOT.resolve():
        raise KitError("The release cannot be written over the instructor copy. Choose a new folder.")
    if CHECKOUT and target.is_relative_to(ROOT.resolve()):  # git would offer it for commit, a later release skips it
        raise KitError(
            f"{out} is inside the instructor copy ({ROOT}): the student copy would sit among the instructor's files. "
            "Choose a folder outside it, e.g. ../student-copy."
        )
    return out


def clean_notebook(text: str) -> str:
    """The notebook with outputs, execution counts and widget state removed, stamped with the kit's version."""
    notebook = stamp(json.loads(text))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook.get("metadata", {}).pop("widgets", None)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


_NOT_WORD = re.compile(r"[\W_]+")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def normalised(text: str) -> str:
    """Text in the form the leak scan compares: NFKC, case folded, any run of non-letters as one space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return f" {_NOT_WORD.sub(' ', text).strip()} "


def exercise_needles(exercise: Exercise) -> list[tuple[str, str]]:
    """(what, text) pairs that would reveal a graded exercise's key."""
    # What each type's key looks like is the type's decision (kit.exercises.types); the labels say what leaked.
    found = [("its explanation", exercise.explanation), ("its model answer", exercise.model_answer)]
    found += [("its feedback", text) for text in exercise.feedback.values()]
    known = {text for _, text in found}
    found += [("its key", text) for text in exercise_types.key_needles(exercise) if text not in known]
    found += [("its misconception notes", text) for text in exercise.misconception.values()]
    answer = exercise.answer
    if isinstance(answer, list) and exercise.items:  # a key in the order of items (a set of options is not)
        found.append(("its key, in order", " ".join(map(str, answer))))
        if len(exercise.items) == len(answer):  # a long item printed with its choice
            found += [
                ("its key", f"{item} {choice}")
                for item, choice in zip(exercise.items, answer, strict=True)
                if len(normalised(item)) >= 2 * MIN_NEEDLE
            ]
    return [(what, text) for what, text in found if isinstance(text, str) and len(normalised(text)) >= MIN_NEEDLE]


def _form(text: str) -> str:
    """A needle in the form it is searched: key data (JSON: a list, a field) keeps its punctuation and case,
    with white space collapsed; prose is normalised."""
    if text.lstrip().startswith(('"', "[", "{")):
        return " ".join(text.split())
    return normalised(text)


def key_needles(bank: Bank) -> dict[str, list[str]]:
    """The searched forms of the text that would reveal each graded exercise's key."""
    needles = {}
    for exercise in bank.values():
        if exercise.graded and exercise.has_key:
            needles[exercise.id] = list(dict.fromkeys(_form(text) for _, text in exercise_needles(exercise)))
    return needles


def _places(path: Path, folder: Path):
    """(where, text) for every part of a file that could hold a key."""
    name = str(path.relative_to(folder))
    raw = path.read_bytes().decode("utf-8", errors="ignore")
    if path.suffix == ".ipynb":
        try:
            notebook = json.loads(raw)
        except ValueError:
            notebook = None
        if isinstance(notebook, dict):
            yield f"{name}, notebook metadata", _strings(notebook.get("metadata", {}))
            for number, cell in enumerate(notebook.get("cells", []), 1):
                kind = cell.get("cell_type", "cell")
                source = cell.get("source", "")
                yield f"{name}, cell {number} ({kind})", "".join(source) if isinstance(source, list) else str(source)
                yield f"{name}, cell {number} outputs", _strings(cell.get("outputs", []))
                yield f"{name}, cell {number} metadata", _strings(cell.get("metadata", {}))
                for attachment, data in (cell.get("attachments") or {}).items():
                    for value in (data or {}).values():
                        try:
                            decoded = base64.b64decode(value).decode("utf-8", errors="ignore")
                        except (ValueError, TypeError):
                            decoded = str(value)
                        yield f"{name}, cell {number} attachment {attachment}", decoded
            return
    yield name, _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw)


def _strings(data) -> str:
    """Every text inside a JSON value (keys and values), one per line: what a reader of it could see."""
    found, stack = [], [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found += [k for k in value if isinstance(k, str)]
            stack += reversed(list(value.values()))
        elif isinstance(value, list):
            stack += reversed(value)
    return "\n".join(found)


def _line_of(text: str, needle: str) -> int:
    """The line on which ``needle`` (normalised) starts in ``text``."""
    lines = text.splitlines() or [""]
    form = normalised if needle.startswith(" ") else (lambda t: " ".join(t.split()))
    for number in range(len(lines), 0, -1):
        if needle.strip() in form(" ".join(lines[number - 1 : number + 30])):
            return number
    return 1


def find_key_leaks(folder: Path, bank: Bank) -> list[str]:
    """Every place under ``folder`` (file, and cell or line) that holds text revealing a graded key."""
    labelled = {
        exercise.id: [(what, _form(text)) for what, text in exercise_needles(exercise)]
        for exercise in bank.values()
        if exercise.graded and exercise.has_key
    }
    leaks = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        for where, text in _places(path, folder):
            flat, data = normalised(text), " ".join(text.split())
            for exercise_id, needles in labelled.items():
                for what, needle in needles:
                    if needle in (flat if needle.startswith(" ") else data):
                        place = where if ", cell" in where else f"{where}, line {_line_of(text, needle)}"
                        leaks.append(f"{place} reveals the key of {exercise_id} ({what})")
                        break
    return leaks

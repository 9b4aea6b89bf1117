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
        _write(out / "README.md", STUDENT_README)
        (out / "notebooks").mkdir()
        for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
            _write(out / "notebooks" / notebook.name, clean_notebook(notebook.read_bytes().decode()))
        (out / "exercises").mkdir()
        released = {**json.loads(bank.to_json(strip_graded_keys=True)), "kit_version": kit_version()}
        _write(out / "exercises" / RELEASED_BANK, json.dumps(released, indent=1, ensure_ascii=False) + "\n")
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


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode())  # UTF-8 (str.encode's default) whatever the locale


def _check_target(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise KitError(f"{out} is a file. Give the name of a new folder for the student copy.")
    if out.exists() and any(out.iterdir()):
        raise KitError(f"{out} is not empty. Choose a new folder for the release, or delete this one first.")
    target = out.resolve()
    for name in (*ALLOWED, "notebooks", "exercises"):
        source = (ROOT / name).resolve()
        if target.is_relative_to(source):  # the folder itself too
            raise KitError(
                f"{out} is inside {name}/, which the release copies: it would copy itself into itself. "
                "Choose a folder outside the kit, e.g. ../student-copy."
            )
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
    notebook["metadata"].pop("widgets", None)  # stamp() made sure there is a metadata table
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
    if isinstance(exercise.answer, list) and exercise.items:  # a key in the order of items (a set of options is not)
        found.append(("its key, in order", " ".join(map(str, exercise.answer))))
    return [(what, text) for what, text in found if isinstance(text, str) and len(normalised(text)) >= MIN_NEEDLE]


def _form(text: str) -> str:
    """A needle in the form it is searched: key data (JSON: a list, a field) keeps its punctuation and case,
    with white space collapsed; prose (even prose that opens with a quotation mark) is normalised."""
    return " ".join(text.split()) if _is_json(text) else normalised(text)


def _is_json(text: str) -> bool:
    """True for key data as the exercise types give it: a JSON list, or a JSON field (``"answer": ...``).
    A quotation alone (a JSON string, to a parser) is prose."""
    try:
        return isinstance(json.loads(text), list)
    except ValueError:
        pass
    try:
        json.loads("{" + text + "}")
    except ValueError:
        return False
    return True


def key_needles(bank: Bank) -> dict[str, list[str]]:
    """The searched forms of the text that would reveal each graded exercise's key."""
    return {
        exercise_id: list(dict.fromkeys(form for _, form in found)) for exercise_id, found in _labelled(bank).items()
    }


def _labelled(bank: Bank) -> dict[str, list[tuple[str, str]]]:
    """(what, searched form) of each graded exercise's needles, by exercise id, in bank order."""
    return {
        exercise.id: [(what, _form(text)) for what, text in exercise_needles(exercise)]
        for exercise in bank.values()
        if exercise.graded and exercise.has_key
    }


def _places(path: Path, folder: Path) -> list[tuple[str, str]]:
    """(where, text) for every part of a file that could hold a key; a damaged notebook is read as text."""
    name = str(path.relative_to(folder))
    raw = path.read_bytes().decode(errors="ignore")
    if path.suffix == ".ipynb":
        try:
            return list(_notebook_places(name, json.loads(raw)))
        except (ValueError, TypeError, AttributeError):  # not JSON, or not shaped like a notebook
            pass
    return [(name, _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw))]


def _notebook_places(name: str, notebook: dict):
    yield f"{name}, notebook metadata", _strings(notebook.get("metadata"))
    for number, cell in enumerate(notebook.get("cells", []), 1):
        where = f"{name}, cell {number}"
        source = cell.get("source")
        yield (
            f"{where} ({cell.get('cell_type', 'cell')})",
            "".join(source) if isinstance(source, list) else _strings(source),
        )
        yield f"{where} outputs", _strings(cell.get("outputs"))
        yield f"{where} metadata", _strings(cell.get("metadata"))
        for attachment, data in (cell.get("attachments") or {}).items():
            for value in (data or {}).values():
                yield f"{where} attachment {attachment}", _attachment_text(str(value))


def _attachment_text(value: str) -> str:
    """An attachment as stored and, when it is base64 (as Jupyter stores it), decoded: a text type may be either."""
    try:
        return value + "\n" + base64.b64decode(value).decode(errors="ignore")
    except ValueError:  # not base64 (binascii.Error), or not ASCII
        return value


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
    """The line on which ``needle`` (in its searched form) starts in ``text``: the last line from which the rest
    of the text still holds it (a binary search: that holds for every line up to it, and for none after)."""
    lines = text.splitlines()
    form = normalised if needle.startswith(" ") else (lambda t: " ".join(t.split()))
    first, last = 1, len(lines)
    while first < last:
        middle = (first + last + 1) // 2
        if needle.strip() in form(" ".join(lines[middle - 1 :])):
            first = middle
        else:
            last = middle - 1
    return first


def find_key_leaks(folder: Path, bank: Bank) -> list[str]:
    """Every place under ``folder`` (file, and cell or line) that holds text revealing a graded key."""
    labelled = _labelled(bank)
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

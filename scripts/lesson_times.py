"""Estimate each notebook's study time from its words and its tasks, and keep the headers and the guide in step.

    .venv/bin/python scripts/lesson_times.py           # print the estimate for each notebook
    .venv/bin/python scripts/lesson_times.py --write   # also rewrite the notebooks' "Estimated time" headers
                                                        # and the schedule in docs/instructor_guide.md

The model, kept simple so an instructor can check it by hand:

- reading: the words of the markdown cells at 150 words a minute (careful study reading, not skimming); the
  article, shown by ``case.show_article()``, is read twice, as notebook 00 asks;
- exercises, by type: a choice 1.5 min, a multiple choice 2, a number or a word 1.5, matching, classifying and
  ordering 1 min plus 0.5 a line (0.75 at Apply or above, where each line is a small judgement); a free-text
  answer at 15 words a minute (from "about N words" or "N sentences" in its prompt, 25 words a sentence)
  plus 3 minutes to plan;
- a widget to explore 4 min, any other output (a table, a figure, a card, a verdict) 1.5 min;
- the total rounded up to the next 5 minutes.

The headers keep anything written after the minutes, e.g. "(plus a 50-minute role-play in class)".
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.exercises.bank import LEVELS, load_bank  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
GUIDE = ROOT / "docs" / "instructor_guide.md"
WORDS_PER_MINUTE = 150
WRITING_WORDS_PER_MINUTE = 15
HEADER = re.compile(r"\*\*Estimated time:\*\* (\d+) minutes")
ASK = re.compile(r"""kit\.ask\(["']([\w-]+)["']\)""")
WORD = re.compile(r"[\w'’-]+")


@dataclass
class Estimate:
    notebook: str
    words: int
    reading: float
    exercises: float
    exercise_count: int
    widgets: float
    outputs: float

    @property
    def minutes(self) -> int:
        return 5 * math.ceil((self.reading + self.exercises + self.widgets + self.outputs) / 5)


def words(text: str) -> int:
    return len(WORD.findall(text))


def exercise_minutes(exercise) -> float:
    high = exercise.level in LEVELS[LEVELS.index("apply") :]
    kind = exercise.type
    if kind == "free":
        asked = re.search(r"about (\d+) words", exercise.prompt)
        sentences = re.search(r"(\d+) to (\d+) sentences", exercise.prompt)
        length = int(asked.group(1)) if asked else 25 * int(sentences.group(2)) if sentences else 100
        return length / WRITING_WORDS_PER_MINUTE + 3
    if kind in ("matching", "classify", "ordering"):
        return 1 + (0.75 if high else 0.5) * len(exercise.items)
    return {"single": 1.5, "multiple": 2, "numeric": 1.5, "text": 1.5}[kind]


def estimate(path: Path, bank=None, article_words: int | None = None) -> Estimate:
    bank = bank or load_bank()
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    reading_words = words(text)
    exercises = widgets = outputs = 0.0
    count = 0
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        asked = ASK.findall(source)
        for exercise_id in asked:
            exercises += exercise_minutes(bank[exercise_id])
            count += 1
        if asked:
            continue
        if "show_article()" in source:
            reading_words += 2 * (article_words if article_words is not None else _article_words())
        elif "widgets." in source:
            widgets += 4 * source.count("widgets.")
        elif source.strip() and not source.strip().startswith(("import ", "from ")):
            outputs += 1.5
    return Estimate(path.stem, reading_words, reading_words / WORDS_PER_MINUTE, exercises, count, widgets, outputs)


def _article_words() -> int:
    import kit

    return words(kit.load_case().article)


def estimates() -> list[Estimate]:
    bank = load_bank()
    article = _article_words()
    return [estimate(p, bank, article) for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))]


def header_minutes(path: Path) -> int | None:
    """The minutes a notebook's header states, or None if it states none."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        found = HEADER.search("".join(cell["source"]))
        if found:
            return int(found.group(1))
    return None


def write_header(path: Path, minutes: int) -> bool:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if HEADER.search(cell.source):
            new = HEADER.sub(f"**Estimated time:** {minutes} minutes", cell.source, count=1)
            if new != cell.source:
                cell.source = new
                nbformat.write(notebook, path)
                return True
            return False
    return False


def guide_rows(text: str) -> dict[str, int]:
    """The schedule's student time per notebook number, from rows like ``| 1 | 00 Start here | 20 min | … |``."""
    found = re.findall(r"^\| *[\w ]+ *\| *(\d\d) [^|]*\| *(\d+) min\b", text, re.M)
    return {number: int(minutes) for number, minutes in found}


def write_guide(results: list[Estimate]) -> bool:
    text = GUIDE.read_text(encoding="utf-8")
    new = text
    for result in results:
        number = result.notebook[:2]
        new = re.sub(
            rf"^(\| *[\w ]+ *\| *{number} [^|]*\| *)(\d+)( min\b)", rf"\g<1>{result.minutes}\g<3>", new, flags=re.M
        )
    total = sum(r.minutes for r in results)
    new = re.sub(
        r"About [^.]*? of student time in all",
        f"About {total // 60} hours {total % 60} minutes of student time in all",
        new,
        count=1,
    )
    if new != text:
        GUIDE.write_text(new, encoding="utf-8")
        return True
    return False


def report(results: list[Estimate]) -> str:
    head = f"{'notebook':<16}{'words':>7}{'reading':>9}{'exercises':>12}{'widgets':>9}{'outputs':>9}{'total':>8}"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.notebook:<16}{r.words:>7}{r.reading:>8.0f}m{r.exercises:>7.0f}m ({r.exercise_count:>2})"
            f"{r.widgets:>8.0f}m{r.outputs:>8.0f}m{r.minutes:>6} min"
        )
    total = sum(r.minutes for r in results)
    lines.append(f"{'all':<16}{'':>54}{total:>6} min ({total // 60} h {total % 60} min)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    results = estimates()
    print(report(results))
    if "--write" in argv:
        changed = [r.notebook for r in results if write_header(NOTEBOOKS / f"{r.notebook}.ipynb", r.minutes)]
        if write_guide(results):
            changed.append(str(GUIDE.relative_to(ROOT)))
        print("Updated: " + (", ".join(changed) if changed else "nothing (all in step)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

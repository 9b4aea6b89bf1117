"""Estimate each notebook's study time from its words and its tasks, and keep the headers and the guide in step.

    .venv/bin/python scripts/lesson_times.py           # run each notebook in a fresh kernel, print the estimates
    .venv/bin/python scripts/lesson_times.py --write   # also rewrite the notebooks' "Estimated time" headers
                                                        # and the schedule in docs/instructor_guide.md

The model, kept simple so an instructor can check it by hand:

- reading: every word a student reads, at 150 words a minute (careful study reading, not skimming): the prose of
  the markdown cells and the text the code cells print (tables, cards, verdicts, figure descriptions), counted
  from the notebook run in a fresh kernel; the article, shown by ``case.show_article()``, is read twice, as
  notebook 00 asks; plus half a minute to take in each output (a table's layout, a figure);
- exercises, by type: a choice 1.5 min, a multiple choice 2, a number or a word 1.5, matching, classifying and
  ordering 1 min plus 0.5 a line (0.75 at Apply or above, where each line is a small judgement); a free-text
  answer at 15 words a minute (from "about N words" or "N sentences" in its prompt, 25 words a sentence)
  plus 3 minutes to plan;
- a widget to explore 4 min;
- tasks the cells cannot show (a solo role-play, a self-test), declared below in ``TASKS`` with their minutes;
- the total rounded up to the next 5 minutes.

A header may also state the reading alone ("45 minutes of reading plus a role-play in class"): that number is the
reading estimate, rounded up to 5 minutes. The headers keep anything written around the minutes.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.exercises.bank import LEVELS, load_bank  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
GUIDE = ROOT / "docs" / "instructor_guide.md"
WORDS_PER_MINUTE = 150
WRITING_WORDS_PER_MINUTE = 15
MINUTES_PER_OUTPUT = 0.5
MINUTES_PER_WIDGET = 4
# Study tasks no cell shows, in minutes, as the notebooks describe them.
TASKS = {
    "05_roleplay": {"the solo role-play (Part 6), played on paper": 40},
    "06_glossary_and_reading": {"a self-test on the glossary's terms": 10},
}
HEADER = re.compile(r"\*\*Estimated time:\*\* (\d+) minutes")
READING = re.compile(r"(\d+) minutes of reading")
ASK = re.compile(r"""kit\.ask\(["']([\w-]+)["']\)""")
WORD = re.compile(r"[\w'’-]+")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass
class Estimate:
    notebook: str
    words: int
    outputs: int
    exercises: float
    exercise_count: int
    widgets: float
    tasks: dict[str, float] = field(default_factory=dict)

    @property
    def reading(self) -> float:
        return self.words / WORDS_PER_MINUTE + MINUTES_PER_OUTPUT * self.outputs

    @property
    def reading_minutes(self) -> int:
        return 5 * math.ceil(self.reading / 5)

    @property
    def minutes(self) -> int:
        total = self.reading + self.exercises + self.widgets + sum(self.tasks.values())
        return 5 * math.ceil(total / 5)


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


def _source(cell) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def printed_words(cell) -> tuple[int, int]:
    """Words a student reads in a run cell's outputs (widgets aside), and how many outputs there are."""
    count = shown = 0
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            continue
        text = output.get("text", "") or data.get("text/plain", "")
        count += words(text if isinstance(text, str) else "".join(text))
        shown += 1
    return count, shown


def estimate(notebook, bank=None, article_words: int = 0) -> Estimate:
    """The estimate for one notebook, given as run (a dict or nbformat node with outputs) with its name."""
    bank = bank or load_bank()
    name, cells = notebook["name"], notebook["cells"]
    result = Estimate(name, 0, 0, 0.0, 0, 0.0, dict(TASKS.get(name, {})))
    for cell in cells:
        source = _source(cell)
        if cell["cell_type"] == "markdown":
            result.words += words(source)
            continue
        if cell["cell_type"] != "code":
            continue
        asked = ASK.findall(source)
        for exercise_id in asked:
            result.exercises += exercise_minutes(bank[exercise_id])
            result.exercise_count += 1
        if asked:
            continue
        result.widgets += MINUTES_PER_WIDGET * source.count("widgets.")
        printed, shown = printed_words(cell)
        result.words += printed
        result.outputs += shown
        if "show_article()" in source:
            result.words += article_words  # read a second time, as notebook 00 asks
    return result


def run(path: Path) -> dict:
    """The notebook run top to bottom in a fresh kernel, as the tests run it."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    os.environ.setdefault("KIT_ANSWERS", str(Path(os.environ.get("TMPDIR", "/tmp")) / "lesson-times-answers.json"))
    NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return {"name": path.stem, "cells": notebook.cells}


def article_words() -> int:
    import kit

    return words(kit.load_case().article)


def estimates(executed=None) -> list[Estimate]:
    """Estimates for every notebook; ``executed(path)`` gives a run notebook (default: run it now)."""
    bank, article = load_bank(), article_words()
    results = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        notebook = {"name": path.stem, "cells": executed(path).cells} if executed else run(path)
        results.append(estimate(notebook, bank, article))
    return results


def header_minutes(path: Path) -> tuple[int | None, int | None]:
    """The minutes a notebook's header states in all, and for reading alone if it says so."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = _source(cell)
        found = HEADER.search(text)
        if found:
            line = text[found.start() :].split("\n", 1)[0]
            reading = READING.search(line)
            return int(found.group(1)), (int(reading.group(1)) if reading else None)
    return None, None


def write_header(path: Path, result: Estimate) -> bool:
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        found = HEADER.search(cell.source)
        if not found:
            continue
        head, line_and_rest = cell.source[: found.start()], cell.source[found.start() :]
        line, _, rest = line_and_rest.partition("\n")
        line = HEADER.sub(f"**Estimated time:** {result.minutes} minutes", line, count=1)
        line = READING.sub(f"{result.reading_minutes} minutes of reading", line, count=1)
        new = head + line + ("\n" + rest if _ or rest else "")
        if new != cell.source:
            cell.source = new
            nbformat.write(notebook, path)
            return True
        return False
    return False


ROW = re.compile(r"^(\| *[\w ]+ *\| *(\d\d) [^|]*\| *)(\d+)( min\b)( reading)?", re.M)


def guide_rows(text: str) -> dict[str, tuple[int, bool]]:
    """The schedule's student time per notebook number, and whether it is the reading alone.

    Rows look like ``| 1 | 00 Start here | 20 min | … |`` or ``| 4 | 05 … | 45 min reading (before class) + … |``.
    """
    return {m.group(2): (int(m.group(3)), bool(m.group(5))) for m in ROW.finditer(text)}


def expected_row(result: Estimate, reading_only: bool) -> int:
    return result.reading_minutes if reading_only else result.minutes


def write_guide(results: list[Estimate]) -> bool:
    text = GUIDE.read_text(encoding="utf-8")
    by_number = {r.notebook[:2]: r for r in results}

    def row(match: re.Match) -> str:
        result = by_number.get(match.group(2))
        if result is None:
            return match.group(0)
        minutes = expected_row(result, bool(match.group(5)))
        return f"{match.group(1)}{minutes}{match.group(4)}{match.group(5) or ''}"

    new = ROW.sub(row, text)
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
    head = f"{'notebook':<24}{'words':>7}{'reading':>9}{'exercises':>14}{'widgets':>9}{'tasks':>7}{'total':>10}"
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.notebook:<24}{r.words:>7}{r.reading:>8.0f}m{r.exercises:>7.0f}m ({r.exercise_count:>2})"
            f"{r.widgets:>8.0f}m{sum(r.tasks.values()):>6.0f}m{r.minutes:>6} min"
        )
    total = sum(r.minutes for r in results)
    lines.append(f"{'all':<24}{'':>54}{total:>6} min ({total // 60} h {total % 60} min)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    results = estimates()
    print(report(results))
    if "--write" in argv:
        changed = [r.notebook for r in results if write_header(NOTEBOOKS / f"{r.notebook}.ipynb", r)]
        if write_guide(results):
            changed.append(str(GUIDE.relative_to(ROOT)))
        print("Updated: " + (", ".join(changed) if changed else "nothing (all in step)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

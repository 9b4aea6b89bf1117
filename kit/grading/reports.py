"""Write a graded class to disk: gradebook, LMS files, feedback pages, class summary, conflicts, free-text sheet.

Every CSV goes through :func:`kit.grading.csvfiles.write_csv` (formula-leading cells
neutralised, unencodable text replaced visibly). Outputs of an earlier run that this
run does not write again (old feedback pages, LMS files withheld this time) are removed,
so the folder never mixes two runs.

>>> sorted(OUTPUTS)[:3]
['canvas.csv', 'class_summary.csv', 'conflicts.csv']
"""

from __future__ import annotations

import base64
import contextlib
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from kit.exercises import types as exercise_types
from kit.exercises.bank import Bank
from kit.grading.csvfiles import write_csv
from kit.grading.feedback import write_feedback
from kit.grading.grade import ClassGrading, StudentResult
from kit.grading.lms import Roster, write_lms
from kit.grading.rubric import Mark, unscored, write_free_text

OUTPUTS = {
    "gradebook.csv": "one row per student: total, max, percent, points per exercise, status, notes",
    "canvas.csv": "Canvas gradebook import (matches on SIS Login ID)",
    "moodle.csv": "Moodle grade import (map Username to username)",
    "feedback/": "one HTML page per student, and index.html",
    "class_summary.csv": "per exercise: answered, mean points, difficulty, the wrong answers chosen",
    "summary.html": "the class summary as a page, with its figures and their descriptions",
    "difficulty.svg": "mean score per exercise (with its text description inside)",
    "distribution.svg": "distribution of total percentages (with its text description inside)",
    "conflicts.csv": "identity problems to look at: two sheets under one id, identical sheets, similar ids",
    "free_text.csv": "free-text answers to score against the rubric (your scores are kept run to run)",
}
RECORD = ".kit-outputs.txt"
LEGACY = ("difficulty.png", "distribution.png")  # written by earlier versions: removed on a re-grade


@dataclass
class Written:
    """What a run wrote and withheld, for the command's summary."""

    files: list[Path] = field(default_factory=list)
    students: int = 0
    errors: int = 0
    possible: float = 0
    unscored: list[tuple[str, str]] = field(default_factory=list)
    lms_written: bool = False
    not_on_roster: list[str] = field(default_factory=list)


def max_points(bank: Bank, counted: tuple[str, ...] | None = None) -> float:
    """The points that count: graded items only unless ``counted`` names more."""
    ids = counted if counted is not None else tuple(e.id for e in bank.values() if e.graded)
    return sum(bank[i].points for i in ids)


def write_reports(
    grading: ClassGrading,
    bank: Bank,
    out: Path,
    assignment: str,
    marks: dict[tuple[str, str], Mark] | None = None,
    show_keys: bool = True,
    provisional: bool = False,
    roster: Roster | None = None,
    canvas_id: int | None = None,
) -> Written:
    """Write every output into ``out`` and remove what an earlier run left that this one did not write."""
    out.mkdir(parents=True, exist_ok=True)
    previous = _previous_outputs(out)
    written = Written(possible=max_points(bank, grading.counted))
    ok = grading.ok
    written.students, written.errors = len(ok), len(grading.results) - len(ok)
    written.files.append(_gradebook(grading, bank, out / "gradebook.csv", written.possible))
    written.files.append(_conflicts(grading, out / "conflicts.csv"))
    written.files.append(write_free_text(out, grading, bank, marks or {}))
    written.unscored = unscored(grading, bank)
    if provisional or not written.unscored:
        files, written.not_on_roster = write_lms(
            grading, out, assignment, written.possible, roster, canvas_id, provisional
        )
        written.files += files
        written.lms_written = True
    pages = {p.name for p in (out / "feedback").glob("*.html")}  # none when the folder does not exist yet
    written.files += write_feedback(grading, bank, out / "feedback", written.possible, show_keys)
    written.files += _summary(grading, bank, out)
    keep = {str(p.relative_to(out)) for p in written.files}
    stale = previous | {n for n in OUTPUTS if not n.endswith("/")} | set(LEGACY) | {f"feedback/{p}" for p in pages}
    for name in stale - keep:  # pages keep their names run to run: only those of students gone are removed
        with contextlib.suppress(OSError):
            (out / name).unlink()
    (out / RECORD).write_text(
        "\n".join(sorted(str(p.relative_to(out)) for p in written.files)) + "\n", encoding="utf-8"
    )
    return written


def _previous_outputs(out: Path) -> set[str]:
    try:
        names = (out / RECORD).read_text(encoding="utf-8").split("\n")
    except OSError:
        return set()
    return {n for n in names if n and ".." not in Path(n).parts and not Path(n).is_absolute()}


def _gradebook(grading: ClassGrading, bank: Bank, path: Path, possible: float) -> Path:
    header = ["student", "total", "max", "percent", "practice_points", *bank.keys(), "status", "counts", "notes"]

    def rows():
        for r in grading.results:
            ok = r.status == "ok"
            points = [f"{r.outcomes[i].points:g}" if i in r.outcomes else "" for i in bank]
            percent = (f"{100 * r.total / possible:.1f}" if possible else "0.0") if ok else ""
            notes = [*r.notes, grading.identity_rule] if ok else r.notes
            yield [
                r.student,
                f"{r.total:g}" if ok else "",
                f"{possible:g}",
                percent,
                f"{r.practice:g}" if ok else "",
                *points,
                r.status,
                grading.counting_rule,
                "; ".join(notes),
            ]

    write_csv(path, header, rows())
    return path


def _conflicts(grading: ClassGrading, path: Path) -> Path:
    rows = ([c.kind, c.student, c.kept, c.other, c.detail] for c in grading.conflicts)
    write_csv(path, ["kind", "student", "graded_file", "other_file", "detail"], rows)
    return path


def wrong_answers(exercise, results: list[StudentResult]) -> Counter:
    """How many students gave each wrong answer (an option, an item's wrong choice, a text or a number)."""
    counts: Counter = Counter()
    for result in results:
        outcome = result.outcomes[exercise.id]
        if outcome.status not in ("wrong", "partial") or outcome.value is None:
            continue
        counts.update(exercise_types.wrong_parts(exercise, outcome.value))  # each type names its wrong parts
    return counts


def misconception_of(exercise, label: str) -> str:
    """The misconception the bank names for a wrong answer (matching and classify: by item)."""
    notes = exercise.misconception
    if label in notes:
        return notes[label]
    # "item → wrong choice": found by the bank's items, since an item or a choice may itself hold an arrow
    return next((notes[item] for item in exercise.items if item in notes and label.startswith(f"{item} → ")), "")


def _summary(grading: ClassGrading, bank: Bank, out: Path) -> list[Path]:
    ok = grading.ok
    counted = set(grading.counted)
    rows = []
    for exercise_id, exercise in bank.items():
        outcomes = [r.outcomes[exercise_id] for r in ok]
        answered = sum(o.status != "missing" for o in outcomes)
        mean = sum(o.points for o in outcomes) / len(outcomes) if outcomes else 0
        wrong = wrong_answers(exercise, ok).most_common(5)
        shown = []
        for label, count in wrong:
            idea = misconception_of(exercise, label)
            shown.append(f"{label} ×{count}" + (f" (misconception: {idea})" if idea else ""))
        rows.append(
            {
                "exercise": exercise_id,
                "type": exercise.type,
                "graded": exercise.graded,
                "counted": exercise_id in counted,
                "max_points": exercise.points,
                "answered": answered,
                "mean_points": round(mean, 2),
                "difficulty": round(1 - mean / exercise.points, 2),
                "wrong_answers": "; ".join(shown),
            }
        )
    csv_path = out / "class_summary.csv"
    write_csv(csv_path, list(rows[0]), ([*r.values()] for r in rows))
    pictures = _figures(rows, [r.total for r in ok], max_points(bank, grading.counted), out)
    page = out / "summary.html"
    page.write_text(_summary_page(rows, pictures, grading), encoding="utf-8")
    return [csv_path, page, *(path for path, _ in pictures)]


def _summary_page(rows, pictures, grading: ClassGrading) -> str:
    from kit.grading.feedback import _page

    table = "".join(
        f"<tr><th scope='row'>{escape(r['exercise'])}</th><td>{'graded' if r['graded'] else 'practice'}</td>"
        f"<td>{r['answered']}</td><td>{r['mean_points']:g} / {r['max_points']:g}</td>"
        f"<td>{escape(r['wrong_answers']) or '—'}</td></tr>"
        for r in rows
    )
    figures = "".join(
        f'<figure><img src="data:image/svg+xml;base64,{base64.b64encode(path.read_bytes()).decode("ascii")}" '
        f'alt="{escape(description)}"><figcaption>{escape(description)}</figcaption></figure>'
        for path, description in pictures
    )
    body = (
        f"<h1>Class summary ({len(grading.ok)} students)</h1><p>What counts: {escape(grading.counting_rule)}. "
        f"{escape(grading.identity_rule)}.</p>"
        f"<h2>Identity problems</h2><p>{len(grading.conflicts)} listed in conflicts.csv.</p>"
        "<h2>Per exercise</h2><table><caption>Wrong answers the class gave most, with the misconception each "
        "reveals where the bank names one</caption><thead><tr><th scope='col'>exercise</th><th scope='col'>kind</th>"
        "<th scope='col'>answered</th><th scope='col'>mean points</th><th scope='col'>most common wrong answers"
        f"</th></tr></thead><tbody>{table}</tbody></table><h2>Figures</h2>{figures}"
    )
    return _page("Class summary", body)


def _figures(rows, totals, possible, out) -> list[tuple[Path, str]]:
    from kit.grading.charts import bar_chart, histogram

    shares = [r["mean_points"] / r["max_points"] for r in rows]
    hardest = sorted(zip(shares, rows, strict=True), key=lambda pair: pair[0])[:3]
    difficulty = (
        "Bar chart of the mean share of points per exercise, solid blue for graded items, hatched orange for "
        "practice. Hardest: " + ", ".join(f"{r['exercise']} ({share:.0%})" for share, r in hardest) + "."
    )
    (out / "difficulty.svg").write_text(
        bar_chart(
            [r["exercise"] for r in rows],
            shares,
            [not r["graded"] for r in rows],
            "Mean score per exercise",
            difficulty,
        ),
        encoding="utf-8",
    )
    percents = sorted(100 * t / possible for t in totals) if possible else []
    spread = (
        f"Histogram of {len(percents)} students' totals in 5-point bins; lowest {percents[0]:.0f}%, median "
        f"{percents[len(percents) // 2]:.0f}%, highest {percents[-1]:.0f}%."
        if percents
        else "Histogram of totals: no students graded."
    )
    (out / "distribution.svg").write_text(
        histogram(percents, f"Distribution of totals ({len(percents)} students)", spread, "total (% of points)"),
        encoding="utf-8",
    )
    return [(out / "difficulty.svg", difficulty), (out / "distribution.svg", spread)]

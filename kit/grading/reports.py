"""Write a graded class to disk: the gradebook, LMS imports, feedback pages, the class summary, free-text sheets.

>>> sorted(OUTPUTS)[:3]
['canvas.csv', 'class_summary.csv', 'difficulty.png']
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from kit.core.errors import InputError
from kit.exercises.bank import Bank
from kit.grading.grade import StudentResult

OUTPUTS = {
    "gradebook.csv": "one row per student: total, max, percent, points per exercise, status, notes",
    "canvas.csv": "Canvas gradebook import (match on SIS Login ID)",
    "moodle.csv": "Moodle grade import (map the Username column to the username field)",
    "feedback/": "one HTML page per student",
    "class_summary.csv": "per exercise: answered, mean points, difficulty",
    "difficulty.png": "mean score per exercise",
    "distribution.png": "distribution of total percentages",
    "free_text.csv": "free-text answers to score against the rubric, then pass back with --manual",
}


def max_points(bank: Bank) -> float:
    return sum(e.points for e in bank.values())


def write_reports(results: list[StudentResult], bank: Bank, out: Path, assignment: str, reveal: bool = False) -> dict:
    """Write every output into ``out``; return counts for the command's summary."""
    out.mkdir(parents=True, exist_ok=True)
    possible = max_points(bank)
    ok = [r for r in results if r.status == "ok"]
    _gradebook(results, bank, out / "gradebook.csv", possible)
    _lms(ok, out, assignment, possible)
    _feedback_pages(ok, bank, out / "feedback", possible, reveal)
    _free_text(ok, bank, out / "free_text.csv")
    _summary(ok, bank, out)
    return {"students": len(ok), "errors": len(results) - len(ok), "max": possible}


def _percent(result: StudentResult, possible: float) -> str:
    return f"{100 * result.total / possible:.1f}" if possible else "0.0"


def _gradebook(results, bank, path, possible):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "total", "max", "percent", *bank.keys(), "status", "notes"])
        for r in results:
            points = [f"{r.outcomes[i].points:g}" if i in r.outcomes else "" for i in bank]
            total = f"{r.total:g}" if r.status == "ok" else ""
            percent = _percent(r, possible) if r.status == "ok" else ""
            writer.writerow([r.student, total, f"{possible:g}", percent, *points, r.status, "; ".join(r.notes)])


def _lms(results, out, assignment, possible):
    with open(out / "canvas.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
        writer.writerow(["Points Possible", "", "", "", "", f"{possible:g}"])
        for r in results:
            writer.writerow(["", "", "", r.student, "", f"{r.total:g}"])
    with open(out / "moodle.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Username", assignment, "Feedback"])
        for r in results:
            writer.writerow([r.student, f"{r.total:g}", f"{r.total:g}/{possible:g}; see your feedback page"])


def _feedback_pages(results, bank, folder, possible, reveal):
    folder.mkdir(exist_ok=True)
    for r in results:
        rows = []
        for exercise_id, exercise in bank.items():
            outcome = r.outcomes[exercise_id]
            answer = (
                html.escape(json.dumps(r.answers.get(exercise_id), ensure_ascii=False))
                if exercise_id in r.answers
                else "—"
            )
            messages = "".join(f"<li>{html.escape(m)}</li>" for m in outcome.messages)
            extra = ""
            if reveal or not exercise.graded:
                key = (
                    exercise.answer
                    if exercise.answer is not None
                    else "graded by rubric: " + "; ".join(exercise.rubric)
                )
                why = html.escape(exercise.explanation)
                extra = f"<p><em>Answer:</em> {html.escape(str(key))}<br><em>Why:</em> {why}</p>"
            rows.append(
                f"<section><h3>{exercise_id} ({outcome.points:g}/{exercise.points:g})</h3>"
                f"<p>{html.escape(exercise.prompt)}</p><p><em>Your answer:</em> <code>{answer}</code></p>"
                f"<ul>{messages}</ul>{extra}</section>"
            )
        notes = "".join(f"<p><em>Note:</em> {html.escape(n)}</p>" for n in r.notes)
        page = (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Feedback for {html.escape(r.student)}</title>"
            "<style>body{font-family:sans-serif;max-width:50em;margin:auto}section{border-top:1px solid #ccc}</style>"
            "</head>"
            f"<body><h1>Feedback for {html.escape(r.student)}</h1><p>Total: {r.total:g} of {possible:g} points "
            f"({_percent(r, possible)}%).</p>{notes}{''.join(rows)}</body></html>"
        )
        (folder / f"{_safe(r.student)}.html").write_text(page, encoding="utf-8")


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:80] or "student"


def _free_text(results, bank, path):
    free = [e for e in bank.values() if e.type == "free"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "exercise", "max_points", "score", "comment", "answer"])
        for r in results:
            for exercise in free:
                if exercise.id in r.answers:
                    writer.writerow([r.student, exercise.id, f"{exercise.points:g}", "", "", r.answers[exercise.id]])


def _summary(results, bank, out):
    rows = []
    for exercise_id, exercise in bank.items():
        outcomes = [r.outcomes[exercise_id] for r in results]
        answered = [o for o in outcomes if o.status != "missing"]
        mean = sum(o.points for o in outcomes) / len(outcomes) if outcomes else 0
        rows.append(
            {
                "exercise": exercise_id,
                "type": exercise.type,
                "graded": exercise.graded,
                "max_points": exercise.points,
                "answered": len(answered),
                "mean_points": round(mean, 2),
                "difficulty": round(1 - mean / exercise.points, 2),
            }
        )
    with open(out / "class_summary.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    _figures(rows, [r.total for r in results], max_points(bank), out)


def _figures(rows, totals, possible, out):
    from matplotlib.figure import Figure

    from kit.lessons.palette import BLUE, ORANGE

    figure = Figure(figsize=(10, 4), dpi=80, layout="constrained")
    ax = figure.add_subplot()
    means = [r["mean_points"] / r["max_points"] for r in rows]
    bars = ax.bar([r["exercise"] for r in rows], means, color=[BLUE if r["graded"] else ORANGE for r in rows])
    for bar, row in zip(bars, rows, strict=True):
        bar.set_hatch("" if row["graded"] else "///")  # never colour alone
    ax.set_ylim(0, 1)
    ax.set_ylabel("mean share of points")
    ax.set_title("Mean score per exercise (solid blue: graded; hatched orange: practice; free text once scored)")
    ax.tick_params(axis="x", rotation=90, labelsize=7)
    figure.savefig(out / "difficulty.png")
    figure = Figure(figsize=(6, 4), dpi=80, layout="constrained")
    ax = figure.add_subplot()
    ax.hist(
        [100 * t / possible for t in totals] if possible else [], bins=range(0, 105, 5), color=BLUE, edgecolor="white"
    )
    ax.set_xlabel("total (% of points)")
    ax.set_ylabel("students")
    ax.set_title(f"Distribution of totals ({len(totals)} students)")
    figure.savefig(out / "distribution.png")


def apply_manual_scores(results: list[StudentResult], bank: Bank, scores: Path) -> list[str]:
    """Merge an instructor's rubric scores (the free_text.csv, filled in) into the results.

    Returns a list of problems found in the file; a bad row is reported and skipped, never fatal.
    """
    try:
        rows = list(csv.DictReader(scores.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(
            f"The scores file {scores} cannot be read ({err}). Give the free_text.csv you filled in."
        ) from None
    by_student = {r.student: r for r in results if r.status == "ok"}
    problems = []
    for line, row in enumerate(rows, start=2):
        student, exercise_id, raw = (
            (row.get("student") or "").strip(),
            (row.get("exercise") or "").strip(),
            (row.get("score") or "").strip(),
        )
        if not raw:
            problems.append(f"{scores.name}, line {line}: no score for {student}/{exercise_id}; left ungraded")
            continue
        if student not in by_student or exercise_id not in bank or bank[exercise_id].type != "free":
            problems.append(
                f"{scores.name}, line {line}: unknown student or free-text exercise {student!r}/{exercise_id!r}"
            )
            continue
        try:
            score = float(raw)
        except ValueError:
            problems.append(f"{scores.name}, line {line}: score {raw!r} is not a number")
            continue
        maximum = bank[exercise_id].points
        if not 0 <= score <= maximum:
            problems.append(f"{scores.name}, line {line}: score {score:g} is outside 0–{maximum:g}")
            continue
        outcome = by_student[student].outcomes[exercise_id]
        outcome.points, outcome.status = score, "graded by hand"
        comment = (row.get("comment") or "").strip()
        outcome.messages = [f"Scored by your instructor against the rubric: {score:g}/{maximum:g}."] + (
            [comment] if comment else []
        )
    return problems

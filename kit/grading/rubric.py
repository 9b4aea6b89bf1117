"""The rubric round trip: free-text answers out to ``free_text.csv``, the instructor's scores back in.

The file has one row per student and free-text exercise, a ``score`` and a
``comment`` column, and one column per rubric criterion (headed ``<exercise> | <criterion>``;
write what you like in it: met, not yet, a note; it is shown on the student's
feedback page). Only ``score`` counts.

The instructor's input is never lost: every run reads the scores already in
``free_text.csv`` (and any ``--manual`` file) and writes them back into the new file,
rows of students no longer in the run included; the previous file is kept as
``free_text.previous.csv``. A file saved by a spreadsheet (byte-order mark, CRLF,
semicolons, decimal comma) is read; a score that is not a number in range is
refused, with every problem listed, before anything is written.

>>> marks = read_scores_text("student;exercise;score\\nada;synth-8;4,5\\n")
>>> marks[("ada", "synth-8")].score
4.5
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kit.core.errors import InputError
from kit.exercises.bank import Bank, load_bank
from kit.exercises.checking import Outcome
from kit.grading.csvfiles import parse_number, read_table, unsafe_cell, write_csv
from kit.grading.grade import ClassGrading
from kit.grading.identity import display_id, id_key

FILE = "free_text.csv"
PREVIOUS = "free_text.previous.csv"
BASE = ["student", "exercise", "max_points", "score", "comment", "answer_sha"]


@dataclass
class Mark:
    """The instructor's input for one student and one free-text exercise."""

    student: str
    exercise: str
    score: float | None = None
    comment: str = ""
    criteria: dict[str, str] = field(default_factory=dict)
    answer_sha: str = ""


def criterion_header(exercise_id: str, criterion: str) -> str:
    return f"{exercise_id} | {criterion}"


def free_exercises(bank: Bank) -> list:
    return [e for e in bank.values() if e.manual]


def answer_sha(answer) -> str:
    return hashlib.sha256(str(answer).encode("utf-8", "replace")).hexdigest()[:10]


def read_scores(path: Path, bank: Bank | None = None) -> dict[tuple[str, str], Mark]:
    """The marks in a score file, keyed by (normalised student id, exercise id); InputError lists every problem."""
    bank = bank or load_bank()
    header, rows = read_table(Path(path), "score file")
    missing = [c for c in ("student", "exercise", "score") if c not in header]
    if missing:
        raise InputError(
            f"The score file {path} has no column {', '.join(missing)}. Fill in the free_text.csv that "
            "`kit grade` wrote (keep its first line), then run the command again."
        )
    criteria = {
        h: (e.id, c)
        for e in free_exercises(bank)
        for c in e.rubric
        if (h := criterion_header(e.id, c).lower()) in header
    }
    marks: dict[tuple[str, str], Mark] = {}
    problems = []
    for line, row in rows:
        student = unsafe_cell(row["student"]).strip()  # read_table gives every header column a cell
        exercise_id = unsafe_cell(row["exercise"]).strip()
        where = f"line {line}"
        if not student or not exercise_id:
            problems.append(f"{where}: no student or no exercise")
            continue
        exercise = bank.get(exercise_id)
        if exercise is None or not exercise.manual:
            problems.append(f"{where}: {display_id(exercise_id)[:40]!r} is not a free-text exercise of the bank")
            continue
        raw = row["score"].strip()
        score = None
        if raw:
            score = parse_number(raw)
            if score is None:
                problems.append(f"{where}: the score {display_id(raw)[:20]!r} is not a number (write e.g. 4 or 4.5)")
                continue
            if not 0 <= score <= exercise.points:
                problems.append(f"{where}: the score {score:g} is outside 0–{exercise.points:g} for {exercise_id}")
                continue
        mark = Mark(
            display_id(student),
            exercise_id,
            score,
            unsafe_cell(row.get("comment", "")).strip(),
            {c: unsafe_cell(row[h]).strip() for h, (e, c) in criteria.items() if e == exercise_id and row.get(h)},
            row.get("answer_sha", "").strip(),
        )
        key = (id_key(student), exercise_id)
        if key in marks and marks[key].score != mark.score:
            problems.append(f"{where}: {mark.student}/{exercise_id} is scored twice, differently")
            continue
        marks[key] = mark
    if problems:
        shown = "\n  ".join(problems[:20]) + ("\n  …" if len(problems) > 20 else "")
        raise InputError(
            f"The score file {path} was not used, and nothing was written, because of {len(problems)} problem(s):\n  "
            f"{shown}\nCorrect these cells and run the same command again."
        )
    return marks


def mark_key(result, exercise_id: str) -> tuple[str, str]:
    """The key of a result's mark: the id as written in free_text.csv (its display form, control characters shown
    as escapes), normalised, so that a score typed against that row finds the student again."""
    return id_key(result.student), exercise_id


def read_scores_text(text: str, bank: Bank | None = None) -> dict[tuple[str, str], Mark]:
    """:func:`read_scores` on text (for tests and examples)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scores.csv"
        path.write_bytes(text.encode("utf-8"))  # the way `kit grade` reads it, whatever the locale
        return read_scores(path, bank)


def load_marks(out: Path, manual: list[Path], bank: Bank) -> dict[tuple[str, str], Mark]:
    """The marks carried forward from ``out/free_text.csv``, overlaid cell by cell by each ``--manual`` file in turn."""
    marks: dict[tuple[str, str], Mark] = {}
    sources = [out / FILE] if (out / FILE).is_file() else []
    sources += [m for m in manual if not (sources and m.resolve() == sources[0].resolve())]
    for source in sources:
        for key, mark in read_scores(source, bank).items():
            earlier = marks.get(key)
            marks[key] = mark if earlier is None else _overlay(earlier, mark)
    return marks


def _overlay(earlier: Mark, later: Mark) -> Mark:
    """``later`` over ``earlier``, cell by cell: a blank cell in a later file never erases a score, comment or note."""
    return Mark(
        later.student,
        later.exercise,
        earlier.score if later.score is None else later.score,
        later.comment or earlier.comment,
        {**earlier.criteria, **later.criteria},
        later.answer_sha or earlier.answer_sha,
    )


def apply_marks(grading: ClassGrading, bank: Bank, marks: dict[tuple[str, str], Mark]) -> list[str]:
    """Put the instructor's scores into the results; return notes (e.g. an answer changed since it was scored)."""
    notes = []
    for result in grading.ok:
        for exercise in free_exercises(bank):
            mark = marks.get(mark_key(result, exercise.id))
            if mark is None or exercise.id not in result.answers:
                continue
            messages = []
            if mark.comment:
                messages.append(mark.comment)
            messages += [f"{criterion}: {note}" for criterion, note in mark.criteria.items()]
            if mark.score is None:
                if messages:  # a comment without a score yet: keep the outcome, add the notes
                    old = result.outcomes[exercise.id]
                    result.outcomes[exercise.id] = Outcome(
                        exercise.id, old.status, old.points, old.max_points, old.messages + messages, old.value
                    )
                continue
            head = f"Scored by your instructor against the rubric: {mark.score:g}/{exercise.points:g}."
            result.outcomes[exercise.id] = Outcome(
                exercise.id,
                "graded by hand",
                mark.score,
                exercise.points,
                [head, *messages],
                result.answers[exercise.id],
            )
            if mark.answer_sha and mark.answer_sha != answer_sha(result.answers[exercise.id]):
                notes.append(f"{result.student}/{exercise.id}: the answer changed since you scored it; check the score")
    return notes


def unscored(grading: ClassGrading, bank: Bank) -> list[tuple[str, str]]:
    """(student, exercise) pairs of counted free-text answers that have no score yet."""
    counted = set(grading.counted)
    return [
        (r.student, e.id)
        for r in grading.ok
        for e in free_exercises(bank)
        if e.id in counted and r.outcomes[e.id].status == "manual"
    ]


def write_free_text(out: Path, grading: ClassGrading, bank: Bank, marks: dict[tuple[str, str], Mark]) -> Path:
    """Write ``free_text.csv`` with every answer and every mark carried forward; keep the previous file."""
    exercises = free_exercises(bank)
    criteria = [(e.id, c) for e in exercises for c in e.rubric]
    header = BASE + [criterion_header(e, c) for e, c in criteria] + ["answer"]
    rows, seen = [], set()
    for exercise in exercises:
        for result in grading.ok:
            if exercise.id not in result.answers:
                continue
            key = mark_key(result, exercise.id)
            seen.add(key)
            answer = result.answers[exercise.id]
            rows.append(_row(marks.get(key), result.student, exercise, criteria, answer_sha(answer), str(answer)))
    for key, mark in marks.items():  # scores of students not in this run: kept, never dropped
        if key not in seen and key[1] in bank:
            note = "(not in this run: your score is kept here)"
            rows.append(_row(mark, mark.student, bank[key[1]], criteria, mark.answer_sha, note))
    path = out / FILE
    if path.is_file():
        shutil.copy2(path, out / PREVIOUS)
    write_csv(path, header, rows)
    return path


def _row(mark: Mark | None, student: str, exercise, criteria, sha: str, answer: str) -> list:
    score = "" if mark is None or mark.score is None else f"{mark.score:g}"
    comment = mark.comment if mark else ""
    cells = [
        (mark.criteria.get(c, "") if mark else "") if e == exercise.id else "n/a" for e, c in criteria
    ]  # "n/a": this criterion belongs to another exercise
    return [student, exercise.id, f"{exercise.points:g}", score, comment, sha, *cells, answer]

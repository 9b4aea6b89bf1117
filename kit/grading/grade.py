"""Grade a class: answer sheets and submit bundles in, one result per student out.

Answers are data: nothing from a submission is imported or executed. A file
that cannot be graded becomes a result with status ``error: <reason>`` and the
run goes on. When a student submitted twice, the newest sheet wins and the
result says so.

>>> from kit.exercises.bank import load_bank
>>> sheet = {"format": "kit-answers/1", "student": "ada", "answers": {"actors-7": {"value": 3}}}
>>> result = grade_sheet(load_bank(), sheet, "ada.json")
>>> result.outcomes["actors-7"].points, result.status
(1.0, 'ok')
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from kit.core.errors import KitError, SubmissionError
from kit.exercises.bank import Bank
from kit.exercises.checking import Outcome, check_answer
from kit.grading.submissions import find_submissions, read_submission


@dataclass
class StudentResult:
    student: str
    source: str
    status: str = "ok"
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    latest: str = ""
    modified: float = 0.0

    @property
    def total(self) -> float:
        return round(sum(o.points for o in self.outcomes.values()), 2)


def grade_sheet(bank: Bank, sheet: dict, source: str) -> StudentResult:
    """Check every answer of one sheet against the key; unknown ids are ignored and reported."""
    result = StudentResult(sheet["student"].strip(), source)
    unknown = sorted(set(sheet["answers"]) - set(bank))
    if unknown:
        result.notes.append("ignored unknown exercise ids: " + ", ".join(map(str, unknown[:10])))
    times = []
    for exercise_id, exercise in bank.items():
        entry = sheet["answers"].get(exercise_id)
        if entry is None:
            result.outcomes[exercise_id] = Outcome(exercise_id, "missing", 0, exercise.points, ["No answer."])
            continue
        result.answers[exercise_id] = entry.get("value")
        result.outcomes[exercise_id] = check_answer(exercise, entry.get("value"))
        if isinstance(entry.get("time"), str):
            times.append(entry["time"])
    result.latest = max(times, default="")
    return result


def grade_files(paths: list[Path], bank: Bank, show_progress: bool = True) -> list[StudentResult]:
    """Grade every submission under ``paths``; one result per student (newest wins) plus one per bad file."""
    if bank.released:
        raise KitError("This copy has no answer key (it is a student release). Grade from the instructor copy.")
    files = find_submissions(paths)
    results: list[StudentResult] = []
    step = max(1, len(files) // 50)
    for number, path in enumerate(files, 1):
        try:
            result = grade_sheet(bank, read_submission(path), str(path))
            result.modified = path.stat().st_mtime
        except SubmissionError as err:
            result = StudentResult(f"({path.name})", str(path), status=f"error: {err}")
        except Exception as err:  # whatever a file holds, the class's grading goes on
            result = StudentResult(f"({path.name})", str(path), status=f"error: unreadable ({type(err).__name__})")
        results.append(result)
        if show_progress and (number % step == 0 or number == len(files)):
            done = number * 30 // len(files)
            print(f"\rGrading [{'#' * done}{'.' * (30 - done)}] {number}/{len(files)}", end="", file=sys.stderr)
    if show_progress and files:
        print(file=sys.stderr)
    return keep_newest(results)


def keep_newest(results: list[StudentResult]) -> list[StudentResult]:
    """One result per student: the sheet with the latest answer time (then the newest file)."""
    by_student: dict[str, list[StudentResult]] = {}
    kept: list[StudentResult] = []
    for result in results:
        if result.status != "ok":
            kept.append(result)
        else:
            by_student.setdefault(result.student, []).append(result)
    for student, group in by_student.items():
        group.sort(key=lambda r: (r.latest, r.modified, r.source))
        newest = group[-1]
        if len(group) > 1:
            ignored = ", ".join(Path(r.source).name for r in group[:-1])
            newest.notes.append(
                f"{len(group)} submissions from {student}; kept the newest ({Path(newest.source).name}), "
                f"ignored {ignored}"
            )
        kept.append(newest)
    return sorted(kept, key=lambda r: (r.status != "ok", r.student))

"""Grade a class: answer sheets and submit bundles in, one result per student out.

Answers are data: nothing from a submission is imported or executed. Each file is
graded under a time limit; a file that cannot be graded (or takes too long) becomes
a result with status ``error: <reason>`` and the run goes on.

What counts: graded items only (``graded = true`` in the bank); practice points are
shown beside the total but never added to it, unless ``count_practice`` is set.

Identity and versions: see :mod:`kit.grading.identity`. When one student has several
different sheets, the newest (by an order the student cannot forge) is graded and
every other version is listed as a conflict for the instructor; nothing is dropped
silently.

>>> from kit.exercises.bank import load_bank
>>> sheet = {"format": "kit-answers/1", "student": "ada", "answers": {"actors-7": {"value": 3}}}
>>> result = grade_sheet(load_bank(), sheet, "ada.json")
>>> result.outcomes["actors-7"].points, result.status
(1.0, 'ok')
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kit.core.errors import KitError, SubmissionError
from kit.exercises.bank import Bank
from kit.exercises.checking import Outcome, check_answer
from kit.grading.identity import Origin, display_id, id_key, near_duplicates, origins
from kit.grading.submissions import find_submissions, read_submission

TIME_LIMIT = 5.0  # seconds per file; a sheet takes about a millisecond
RULE = "graded items only; practice points shown, not counted"
RULE_WITH_PRACTICE = "graded and practice items (--count-practice)"
_MISSING = object()  # the memo's key for "no answer" (no answer a student writes can equal it)
_CACHEABLE = ("single", "multiple", "numeric", "text", "matching", "ordering", "classify")


@dataclass(slots=True)
class StudentResult:
    student: str
    source: str
    status: str = "ok"
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    answers: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    key: str = ""  # the normalised identity (see kit.grading.identity.id_key)
    counted: tuple[str, ...] = ()  # the exercise ids that count toward the total
    order: float = 0.0
    order_source: str = ""
    fingerprint: str = ""  # a hash of the answers, to spot identical sheets
    claimed: str = ""  # the id written in the sheet, when it differs from the authenticated one

    @property
    def total(self) -> float:
        return round(sum(self.outcomes[i].points for i in self.counted if i in self.outcomes), 2)

    @property
    def practice(self) -> float:
        counted = set(self.counted)
        return round(sum(o.points for i, o in self.outcomes.items() if i not in counted), 2)


@dataclass
class Conflict:
    """Something about identity the instructor must look at: kind, student, files, explanation."""

    kind: str
    student: str
    kept: str
    other: str
    detail: str


@dataclass
class ClassGrading:
    results: list[StudentResult]
    conflicts: list[Conflict]
    identity_rule: str
    counting_rule: str
    counted: tuple[str, ...]

    @property
    def ok(self) -> list[StudentResult]:
        return [r for r in self.results if r.status == "ok"]


def counted_ids(bank: Bank, count_practice: bool = False) -> tuple[str, ...]:
    """The exercise ids whose points make the total (graded items, unless practice is counted too)."""
    return tuple(e.id for e in bank.values() if e.graded or count_practice)


class _Checker:
    """``check_answer`` with a memory: most students give one of a few answers, so each is scored once.

    Outcomes are shared between students and must not be changed in place.
    """

    def __init__(self, bank: Bank):
        self.bank = bank
        self.memo: dict[tuple, tuple[Outcome, object]] = {}

    def missing(self, exercise_id: str) -> Outcome:
        key = (exercise_id, _MISSING)
        if key not in self.memo:
            self.memo[key] = (Outcome(exercise_id, "missing", 0, self.bank[exercise_id].points, []), None)
        return self.memo[key][0]

    def __call__(self, exercise_id: str, value) -> tuple[Outcome, object]:
        """The outcome of ``value``, and the value itself as first seen (so that equal answers share memory)."""
        exercise = self.bank[exercise_id]
        if exercise.type not in _CACHEABLE:
            return check_answer(exercise, value), value
        token = _token(value)
        if token is None:
            return check_answer(exercise, value), value
        key = (exercise_id, token)
        seen = self.memo.get(key)
        if seen is None:
            seen = self.memo[key] = (check_answer(exercise, value), value)
        return seen


def _token(value):
    """A hashable stand-in for a short answer (its type kept: 3 and "3" differ), or None."""
    kind = type(value)
    if kind is str:
        return value if len(value) <= 500 else None
    if kind in (int, float, bool) or value is None:
        return (kind, value)
    if kind is list and len(value) <= 50 and all(type(v) is str and len(v) <= 500 for v in value):
        return ("list", *value)
    try:
        token = json.dumps(value, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return ("json", token) if len(token) <= 2000 else None


def grade_sheet(bank: Bank, sheet: dict, source: str, checker=None, counted=None) -> StudentResult:
    """Check every answer of one sheet against the key; unknown ids are ignored and reported."""
    checker = checker or _Checker(bank)
    result = StudentResult(display_id(sheet.get("student", "")), source, key=id_key(sheet.get("student", "")))
    result.counted = counted if counted is not None else counted_ids(bank)
    if result.student != str(sheet.get("student", "")).strip():
        result.notes.append(
            f"the id as written holds invisible, control or compatibility characters: shown as {result.student!r}"
        )
    answers = sheet["answers"]
    unknown = sorted(set(answers) - set(bank))
    if unknown:
        shown = ", ".join(display_id(u)[:40] for u in unknown[:10])
        result.notes.append(f"ignored {len(unknown)} unknown exercise id(s): {shown}")
    for exercise_id, exercise in bank.items():
        entry = answers.get(exercise_id)
        if entry is None:
            result.outcomes[exercise_id] = checker.missing(exercise_id)
        elif entry.get("malformed"):
            message = "This answer could not be read from your answer sheet (a damaged entry)."
            result.outcomes[exercise_id] = Outcome(exercise_id, "form", 0, exercise.points, [message])
            result.notes.append(f"{exercise_id}: damaged entry in the sheet, scored 0")
        else:
            result.outcomes[exercise_id], result.answers[exercise_id] = checker(exercise_id, entry.get("value"))
    if len(result.answers) >= 3:  # identical sheets are told apart by a fingerprint of the answers
        tokens = [(k, _token(v)) for k, v in result.answers.items()]
        if all(t is not None for _, t in tokens):
            result.fingerprint = str(hash(tuple(sorted(tokens))))
        else:
            text = json.dumps(result.answers, sort_keys=True, ensure_ascii=False, default=str)
            result.fingerprint = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
    return result


class TimeLimitExceeded(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in this block after ``seconds`` (POSIX main thread; elsewhere no limit)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def grade_class(
    paths: list[Path],
    bank: Bank,
    show_progress: bool = True,
    seconds: float = TIME_LIMIT,
    count_practice: bool = False,
    exclude: tuple[Path, ...] = (),
) -> ClassGrading:
    """Grade every submission under ``paths``: one result per student plus one per bad file, and the conflicts."""
    if bank.released:
        raise KitError("This copy has no answer key (it is a student release). Grade from the instructor copy.")
    found, identity_rule = origins(paths, lambda p: find_submissions(p, exclude))
    counted = counted_ids(bank, count_practice)
    checker = _Checker(bank)
    results: list[StudentResult] = []
    step = max(1, len(found) // 50)
    for number, origin in enumerate(found, 1):
        results.append(_grade_one(origin, bank, checker, counted, seconds))
        if show_progress and (number % step == 0 or number == len(found)):
            done = number * 30 // len(found)
            print(f"\rGrading [{'#' * done}{'.' * (30 - done)}] {number}/{len(found)}", end="", file=sys.stderr)
    if show_progress and found:
        print(file=sys.stderr)
    kept, conflicts = resolve_versions(results)
    conflicts += _claims(kept) + _identical(kept) + _near(kept)
    rule = RULE_WITH_PRACTICE if count_practice else RULE
    return ClassGrading(kept, conflicts, identity_rule, rule, counted)


def grade_files(paths: list[Path], bank: Bank, show_progress: bool = True, **options) -> list[StudentResult]:
    """Grade every submission under ``paths``; one result per student (newest wins) plus one per bad file."""
    return grade_class(paths, bank, show_progress, **options).results


def _grade_one(origin: Origin, bank: Bank, checker, counted, seconds: float) -> StudentResult:
    source = str(origin.path)
    label = f"({display_id(origin.path.name)})"
    if origin.error:
        return StudentResult(label, source, status=f"error: {origin.error}")
    try:
        with time_limit(seconds):
            sheet = read_submission(origin.path, require_student=not origin.hub_user)
            result = grade_sheet(bank, sheet, source, checker, counted)
    except TimeLimitExceeded:
        return StudentResult(label, source, status=f"error: took longer than {seconds:g} s to grade (a crafted file?)")
    except SubmissionError as err:
        return StudentResult(label, source, status=f"error: {err}")
    except Exception as err:  # whatever a file holds, the class's grading goes on
        return StudentResult(label, source, status=f"error: unreadable ({type(err).__name__})")
    if origin.hub_user:
        result.student, result.key = display_id(origin.hub_user), id_key(origin.hub_user)
        claimed = sheet.get("student", "")
        if claimed and id_key(claimed) != result.key:
            result.claimed = display_id(claimed)
            result.notes.append(f"the sheet names {result.claimed!r}; graded as hub user {result.student!r}")
        if origin.versions > 1:
            result.notes.append(f"{origin.versions} versions received; graded the newest")
    result.notes += origin.notes
    result.order, result.order_source = origin.order, origin.order_source
    return result


def resolve_versions(results: list[StudentResult]) -> tuple[list[StudentResult], list[Conflict]]:
    """One result per student: the newest version. Different versions are reported as conflicts."""
    by_key: dict[str, list[StudentResult]] = {}
    kept: list[StudentResult] = []
    conflicts: list[Conflict] = []
    for result in results:
        if result.status != "ok":
            kept.append(result)
        else:
            by_key.setdefault(result.key, []).append(result)
    for group in by_key.values():
        group.sort(key=lambda r: (r.order, r.source))
        newest = group[-1]
        spellings = sorted({r.student for r in group})
        if len(spellings) > 1:
            newest.notes.append("the id is written differently across files: " + ", ".join(map(repr, spellings)))
        differing = 0
        for older in group[:-1]:
            if older.answers == newest.answers:
                newest.notes.append(f"identical copy ignored: {Path(older.source).name}")
                continue
            differing += 1
            conflicts.append(
                Conflict(
                    "two sheets, one id",
                    newest.student,
                    Path(newest.source).name,
                    Path(older.source).name,
                    f"different answers under one id; graded the newest by {newest.order_source} "
                    "(a resubmission needs nothing; otherwise check who wrote which)",
                )
            )
        if differing:
            newest.notes.append(
                f"{differing + 1} different sheets claim this id: graded the newest by {newest.order_source} "
                "(see conflicts.csv)"
            )
        kept.append(newest)
    kept.sort(key=lambda r: (r.status != "ok", r.key, r.source))
    return kept, conflicts


def _claims(results: list[StudentResult]) -> list[Conflict]:
    """Sheets whose own id differs from the hub user who handed them in."""
    return [
        Conflict(
            "sheet names another id",
            r.student,
            Path(r.source).name,
            "",
            f"the sheet says {r.claimed!r}; graded as the authenticated hub user {r.student!r}",
        )
        for r in results
        if r.claimed
    ]


def _identical(results: list[StudentResult]) -> list[Conflict]:
    """Different students who handed in exactly the same answers (at least three)."""
    groups: dict[str, list[StudentResult]] = {}
    for result in results:
        if result.status == "ok" and result.fingerprint:
            groups.setdefault(result.fingerprint, []).append(result)
    conflicts = []
    for group in groups.values():
        group = [r for r in group if r.answers == group[0].answers]  # a fingerprint is a hash: check
        if len(group) > 1:
            names = ", ".join(r.student for r in group)
            for result in group:
                result.notes.append(f"identical answers to: {', '.join(r.student for r in group if r is not result)}")
            first = group[0]
            for other in group[1:]:
                conflicts.append(
                    Conflict(
                        "identical sheets",
                        first.student,
                        Path(first.source).name,
                        Path(other.source).name,
                        f"{names} handed in exactly the same {len(first.answers)} answers",
                    )
                )
    return conflicts


def _near(results: list[StudentResult]) -> list[Conflict]:
    ok = [r for r in results if r.status == "ok"]
    conflicts = []
    for group in near_duplicates([r.student for r in ok]):
        conflicts.append(
            Conflict(
                "similar ids",
                group[0],
                "",
                ", ".join(group[1:]),
                "ids that differ only in accents, separators or look-alike letters",
            )
        )
    return conflicts

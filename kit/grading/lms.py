"""Grade files for the LMS: ``canvas.csv`` (Canvas gradebook import) and ``moodle.csv`` (Moodle CSV grade import).

Written to the importers' own rules (Canvas ``GradebookImporter``; Moodle ``gradeimport_csv``):

- Canvas: header ``Student, ID, SIS User ID, SIS Login ID, Section, <assignment>``, then a
  ``Points Possible`` row. Canvas matches a row by ``ID``, then ``SIS User ID``, then
  ``SIS Login ID`` (exact text), then by the name in ``Student``; an unmatched row shows
  that name, so it is never blank. A header ending in ``(digits)`` is read as an
  assignment id, and headers containing one of its own total columns' names ("Current Score",
  "Final Grade", "Override Status"...) are dropped: such names are refused here; other names
  ("Kit points", "Graded exercises") import as they are.
- Moodle: ``Username, <assignment>, Feedback``; map "Username" to username (Moodle
  usernames are lower case). Moodle aborts the whole import on one unknown user, so a
  class roster (``--roster``, the LMS's own export) drops and reports unknown users first.

A roster is a CSV exported by the LMS: a Canvas gradebook export (``Student``, ``ID``,
``SIS User ID``, ``SIS Login ID``, ``Section``) or any Moodle export with a
``Username`` column. Ids are compared in their normal form (case, Unicode, invisible
characters), and the roster's own spelling is written.

>>> check_assignment_name("Week 3 quiz (2)")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kit.core.errors.InputError: The assignment name 'Week 3 quiz (2)' ends in a number in brackets, which Canvas ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kit.core.errors import InputError
from kit.grading.csvfiles import read_table, write_csv
from kit.grading.grade import ClassGrading
from kit.grading.identity import id_key

# The names of Canvas's own total columns: an import drops any column whose header contains one.
CANVAS_TOTALS = tuple(
    f"{kind} {what}" for kind in ("current", "final", "override") for what in ("score", "points", "grade")
) + ("override status",)
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def check_assignment_name(name: str) -> str:
    """The assignment name, or InputError when Canvas or Moodle would misread it."""
    stripped = name.strip()
    if not stripped or len(stripped) > 200 or not stripped.isprintable():
        raise InputError("Give the assignment a short, printable name, e.g. --assignment 'NATO Tokyo kit'.")
    if stripped.endswith(")") and "(" in stripped:
        inside = stripped[stripped.rindex("(") + 1 : -1]
        if inside.isdigit():
            raise InputError(
                f"The assignment name {stripped!r} ends in a number in brackets, which Canvas reads as an assignment "
                "id. Drop the brackets, or give --canvas-assignment-id to update an existing assignment."
            )
    words = " ".join(stripped.casefold().split())  # case and runs of spaces do not hide a total's name
    found = [total for total in CANVAS_TOTALS if total in words]
    if found:
        raise InputError(
            f"The assignment name {stripped!r} contains {found[0]!r}, the name of one of Canvas's own total "
            "columns: Canvas would drop the column on import. Choose another name, e.g. 'NATO Tokyo kit'."
        )
    if stripped.startswith(("=", "+", "-", "@")):
        raise InputError(f"The assignment name {stripped!r} starts like a spreadsheet formula. Choose another name.")
    return stripped


@dataclass
class Roster:
    """Students known to the LMS, by normalised id: their exact login, name and LMS ids."""

    people: dict[str, dict] = field(default_factory=dict)
    source: str = ""

    def find(self, student: str) -> dict | None:
        return self.people.get(id_key(student))


def read_roster(path: Path) -> Roster:
    """Read a roster exported by Canvas (gradebook export) or Moodle (a CSV with a Username column)."""
    header, rows = read_table(Path(path), "roster")
    if "sis login id" in header:
        login = "sis login id"
    elif "username" in header:
        login = "username"
    else:
        raise InputError(
            f"The roster {path} has no 'SIS Login ID' (Canvas) or 'Username' (Moodle) column. Export the class list "
            "from your LMS with the students' logins and give that file."
        )
    roster = Roster(source=str(path))
    for _, row in rows:
        value = row[login].strip()  # read_table gives every header column a cell
        if not value or (row.get("student", "").strip().startswith("Points Possible")):
            continue
        name = row.get("student") or " ".join(p for p in (row.get("first name"), row.get("last name")) if p)
        roster.people[id_key(value)] = {
            "login": value,
            "name": (name or value).strip(),
            "id": row.get("id", "").strip(),
            "sis_user_id": row.get("sis user id", "").strip(),
            "section": row.get("section", "").strip(),
        }
    if not roster.people:
        raise InputError(f"The roster {path} lists no students.")
    return roster


def write_lms(
    grading: ClassGrading,
    out: Path,
    assignment: str,
    possible: float,
    roster: Roster | None = None,
    canvas_id: int | None = None,
    provisional: bool = False,
) -> tuple[list[Path], list[str]]:
    """Write canvas.csv and moodle.csv; return the files and the students left out (not on the roster)."""
    column = f"{assignment} ({canvas_id})" if canvas_id else assignment
    canvas, moodle, unknown = [], [], []
    for result in grading.ok:
        person = roster.find(result.student) if roster else None
        if roster and person is None:
            unknown.append(result.student)
            continue
        total = f"{result.total:g}"
        if person:
            canvas.append(
                [person["name"], person["id"], person["sis_user_id"], person["login"], person["section"], total]
            )
            login = person["login"]
        else:
            canvas.append([result.student, "", "", result.student, "", total])
            login = result.student
        note = "provisional: free text not yet scored; " if provisional and _has_unscored(result) else ""
        feedback = f"{note}{total}/{possible:g} (graded items only); see your feedback page"
        moodle.append([login.lower(), total, feedback])
    canvas_rows = [["Points Possible", "", "", "", "", f"{possible:g}"], *canvas]
    write_csv(out / "canvas.csv", [*CANVAS_HEADER, column], canvas_rows)
    write_csv(out / "moodle.csv", ["Username", assignment, "Feedback"], moodle)
    return [out / "canvas.csv", out / "moodle.csv"], unknown


def _has_unscored(result) -> bool:
    counted = set(result.counted)
    return any(o.status == "manual" for i, o in result.outcomes.items() if i in counted)

"""canvas.csv and moodle.csv read the way the LMS importers read them.

The two readers below are written from the importers' own source code, not from the kit:
Canvas ``app/models/gradebook_importer.rb`` (header check, student and non-assignment columns,
"Points Possible" row, ``Assignment.title_and_id``, matching by ID, SIS User ID, SIS Login ID,
then name) and Moodle ``grade/import/csv/classes/load_data.php`` (a user mapped by a profile
field, the whole import aborted on one unknown user, grades '' or '-' or a number no larger than
the item's maximum, feedback only for an existing item).
"""

from __future__ import annotations

import csv
import json
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kit.core.errors import InputError
from kit.exercises.bank import load_bank
from kit.grading.grade import grade_class
from kit.grading.lms import check_assignment_name, read_roster
from kit.grading.reports import write_reports

BANK = load_bank()
POINTS = sum(e.points for e in BANK.values() if e.graded)

CANVAS_NON_ASSIGNMENT = re.compile(
    "Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|Override Score|Override Grade"
    "|Override Status"
)


def canvas_import(path, course: dict[str, dict]) -> dict:
    """Canvas's reading of a gradebook CSV: assignments found, rows matched to course students, unmatched names."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert len(header) > 3 and "Student" in header[0] and "ID" in header[1], "invalid header row"
    columns = 3
    if re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        columns += 2
    assert "Section" in header[columns - 1], "the last student column must be Section"
    assignments = [h for h in header[columns:] if not CANVAS_NON_ASSIGNMENT.search(h)]
    assert assignments == header[columns:], "an assignment column would be dropped"
    parsed = []
    for name in assignments:
        match = re.fullmatch(r"(.*)\s\((\d+)\)", name)
        parsed.append({"title": match.group(1) if match else name, "id": match.group(2) if match else None})
    result = {"assignments": parsed, "points": None, "matched": {}, "unmatched": []}
    by_login = {p["login"]: p for p in course.values()}
    for row in rows[1:]:
        if "Points Possible" in row[0]:
            result["points"] = float(row[columns])
            continue
        grade = row[columns].strip()
        assert grade == "" or re.fullmatch(r"-?[0-9.,]+%?", grade), f"not a grade: {grade!r}"
        student = course.get(row[1]) or by_login.get(row[3])  # ID, then SIS Login ID (exact text)
        student = student or next((p for p in course.values() if p["name"] == row[0]), None)
        if student:
            result["matched"][student["login"]] = float(grade)
        else:
            result["unmatched"].append(row[0])  # Canvas shows this name for a new, unmatched student
    return result


def moodle_import(path, usernames: set[str], item_max: float) -> dict:
    """Moodle's reading: map 'Username' to username; one unknown user aborts everything."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [h.strip() for h in rows[0]]
    user, grade, feedback = header.index("Username"), 1, header.index("Feedback")
    grades = {}
    for row in rows[1:]:
        if not row[user]:
            continue  # Moodle skips a row with a blank user field
        if row[user] not in usernames:
            return {"error": f"user mapping error: {row[user]}"}
        value = row[grade].strip()
        if value not in ("", "-"):
            number = float(value)
            if number > item_max:
                return {"error": "grade value too big"}
            grades[row[user]] = (number, row[feedback])
    return {"grades": grades}


def sheet(student, answers):
    return {"format": "kit-answers/1", "student": student, "answers": {k: {"value": v} for k, v in answers.items()}}


def graded_class(tmp_path, students):
    subs = tmp_path / "subs"
    subs.mkdir()
    for n, student in enumerate(students):
        (subs / f"{n}.json").write_text(json.dumps(sheet(student, {"actors-1": "Jens Stoltenberg"})))
    return grade_class([subs], BANK, False)


def test_canvas_reads_every_row_with_a_name_and_the_points(tmp_path):
    grading = graded_class(tmp_path, ["ab123", "cd456"])
    write_reports(grading, BANK, tmp_path / "out", "NATO Tokyo kit", provisional=True)
    course = {"101": {"login": "ab123", "name": "Ada Byron"}}
    read = canvas_import(tmp_path / "out" / "canvas.csv", course)
    assert read["assignments"] == [{"title": "NATO Tokyo kit", "id": None}] and read["points"] == POINTS
    assert read["matched"] == {"ab123": 1.0}
    assert read["unmatched"] == ["cd456"]  # never a blank name


def test_canvas_with_a_roster_uses_the_lms_ids_and_leaves_out_unknown_students(tmp_path):
    roster = tmp_path / "canvas-export.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Week 1 (501)\n"
        "    Points Possible,,,,,10\n"
        '"Byron, Ada",101,S1,AB123,Sec A,5\n'
        '"Lovelace, Cy",102,S2,cy9,Sec A,\n',
        encoding="utf-8",
    )
    grading = graded_class(tmp_path, ["ab123", "zz999"])
    written = write_reports(
        grading, BANK, tmp_path / "out", "Kit", provisional=True, roster=read_roster(roster), canvas_id=777
    )
    assert written.not_on_roster == ["zz999"]
    course = {"101": {"login": "AB123", "name": "Byron, Ada"}, "102": {"login": "cy9", "name": "Lovelace, Cy"}}
    read = canvas_import(tmp_path / "out" / "canvas.csv", course)
    assert read["assignments"] == [{"title": "Kit", "id": "777"}]
    assert read["matched"] == {"AB123": 1.0} and read["unmatched"] == []


@pytest.mark.parametrize("name", ["Kit points", "Graded exercises", "Upgrade quiz", "Scores of week 3", "Final essay"])
def test_names_that_merely_contain_score_points_or_grade_import_as_they_are(tmp_path, name):
    assert not CANVAS_NON_ASSIGNMENT.search(name)  # Canvas keeps such a column
    grading = graded_class(tmp_path, ["ab123"])
    write_reports(grading, BANK, tmp_path / "out", name, provisional=True)
    read = canvas_import(tmp_path / "out" / "canvas.csv", {"101": {"login": "ab123", "name": "Ada"}})
    assert read["assignments"] == [{"title": name, "id": None}]


# Printable text only (no control, format or separator characters but the space): those are refused for another
# reason, and drawing them made Hypothesis filter out most inputs (its filter_too_much health check failed).
AROUND = st.text(st.characters(exclude_categories=("C", "Z")) | st.just(" "), max_size=8)


@given(st.sampled_from(CANVAS_NON_ASSIGNMENT.pattern.split("|")), AROUND, AROUND)
def test_every_canvas_total_name_is_refused_wherever_it_stands(total, before, after):
    name = f"{before}{total}{after}"
    assume(name.strip() and name.isprintable() and len(name) <= 200 and not name.strip().endswith(")"))
    with pytest.raises(InputError, match="Canvas's own total columns"):
        check_assignment_name(name)


def test_moodle_imports_only_known_usernames_in_lower_case(tmp_path):
    grading = graded_class(tmp_path, ["AB123", "cd456", "stranger"])
    plain = tmp_path / "plain"
    write_reports(grading, BANK, plain, "Kit", provisional=True)
    assert moodle_import(plain / "moodle.csv", {"ab123", "cd456"}, POINTS) == {
        "error": "user mapping error: stranger"
    }  # this is what the roster prevents
    roster = tmp_path / "moodle-users.csv"
    roster.write_text("\ufeffFirst name;Last name;Username;Email address\nAda;B;ab123;a@x\nCy;D;cd456;c@x\n")
    out = tmp_path / "out"
    written = write_reports(grading, BANK, out, "Kit", provisional=True, roster=read_roster(roster))
    assert written.not_on_roster == ["stranger"]
    read = moodle_import(out / "moodle.csv", {"ab123", "cd456"}, POINTS)
    assert set(read["grades"]) == {"ab123", "cd456"}
    assert read["grades"]["ab123"][0] == 1.0 and "see your feedback page" in read["grades"]["ab123"][1]

"""canvas.csv, moodle.csv and the roster, in-process, byte for byte and through the importers' readers.

The readers in test_lms.py (written from Canvas's gradebook_importer.rb and Moodle's gradeimport_csv) say what
the LMS would accept; the expected files below are written by hand from the two formats (Canvas: the gradebook
export's header and its "Points Possible" row; Moodle: a username, a grade and a feedback column).
"""

from __future__ import annotations

import json

import pytest

from kit.core.errors import InputError
from kit.exercises.bank import load_bank
from kit.grading.grade import grade_class
from kit.grading.lms import check_assignment_name, read_roster, write_lms

from .test_lms import CANVAS_NON_ASSIGNMENT, canvas_import, moodle_import

BANK = load_bank()
POINTS = 36  # the graded items' points, added up by hand from exercises/*.toml


def graded_class(tmp_path, sheets):
    subs = tmp_path / "subs"
    subs.mkdir()
    for n, (student, answers) in enumerate(sheets):
        data = {"format": "kit-answers/1", "student": student, "answers": {k: {"value": v} for k, v in answers.items()}}
        (subs / f"{n}.json").write_text(json.dumps(data), encoding="utf-8")
    return grade_class([subs], BANK, False)


RIGHT = {"actors-1": "Jens Stoltenberg"}  # one point
FREE = {"actors-1": "Jens Stoltenberg", "actors-8": "My memo"}  # one point and a memo awaiting a score


def text(path):
    return path.read_bytes().decode("utf-8")


# write_lms --------------------------------------------------------------------------------------------------------


def test_without_a_roster_every_student_gets_a_row_named_by_the_id_only(tmp_path):
    grading = graded_class(tmp_path, [("ab123", RIGHT), ("CD456", {})])
    files, unknown = write_lms(grading, tmp_path, "NATO Tokyo kit", POINTS)
    assert files == [tmp_path / "canvas.csv", tmp_path / "moodle.csv"] and unknown == []
    assert text(tmp_path / "canvas.csv") == (
        "Student,ID,SIS User ID,SIS Login ID,Section,NATO Tokyo kit\r\n"
        "Points Possible,,,,,36\r\n"
        "ab123,,,ab123,,1\r\n"
        "CD456,,,CD456,,0\r\n"
    )
    assert text(tmp_path / "moodle.csv") == (
        "Username,NATO Tokyo kit,Feedback\r\n"
        "ab123,1,1/36 (graded items only); see your feedback page\r\n"
        "cd456,0,0/36 (graded items only); see your feedback page\r\n"
    )
    read = canvas_import(tmp_path / "canvas.csv", {"7": {"login": "ab123", "name": "Ada"}})
    assert read["points"] == POINTS and read["matched"] == {"ab123": 1} and read["unmatched"] == ["CD456"]


def test_provisional_files_say_so_only_for_students_with_free_text_still_unscored(tmp_path):
    grading = graded_class(tmp_path, [("ada", FREE), ("bob", RIGHT)])
    write_lms(grading, tmp_path, "Kit", POINTS, provisional=True)
    assert moodle_import(tmp_path / "moodle.csv", {"ada", "bob"}, POINTS)["grades"] == {
        "ada": (1, "provisional: free text not yet scored; 1/36 (graded items only); see your feedback page"),
        "bob": (1, "1/36 (graded items only); see your feedback page"),
    }
    write_lms(grading, tmp_path, "Kit", POINTS)  # not provisional (the default): no note for anyone
    assert moodle_import(tmp_path / "moodle.csv", {"ada", "bob"}, POINTS)["grades"] == {
        "ada": (1, "1/36 (graded items only); see your feedback page"),
        "bob": (1, "1/36 (graded items only); see your feedback page"),
    }


def test_with_a_roster_the_lms_ids_are_written_and_strangers_are_left_out_wherever_they_stand(tmp_path):
    roster_file = tmp_path / "export.csv"
    roster_file.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Week 1 (501)\n"
        "    Points Possible,,,,,10\n"
        '"Byron, Ada",101,S1,AB123,Sec A,5\n'
        '"Lovelace, Cy",102,S2,cy9,Sec B,\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    grading = graded_class(tmp_path, [("aa000", RIGHT), ("ab123", RIGHT), ("zz999", {}), ("CY9", {})])
    assert [r.student for r in grading.ok] == ["aa000", "ab123", "CY9", "zz999"]  # a stranger first
    _, unknown = write_lms(grading, out, "Kit", POINTS, read_roster(roster_file), canvas_id=777)
    assert unknown == ["aa000", "zz999"]
    assert text(out / "canvas.csv") == (
        "Student,ID,SIS User ID,SIS Login ID,Section,Kit (777)\r\n"
        "Points Possible,,,,,36\r\n"
        '"Byron, Ada",101,S1,AB123,Sec A,1\r\n'
        '"Lovelace, Cy",102,S2,cy9,Sec B,0\r\n'
    )
    assert text(out / "moodle.csv") == (
        "Username,Kit,Feedback\r\n"
        "ab123,1,1/36 (graded items only); see your feedback page\r\n"
        "cy9,0,0/36 (graded items only); see your feedback page\r\n"
    )


# read_roster ------------------------------------------------------------------------------------------------------


def test_a_canvas_export_gives_each_student_name_ids_and_section(tmp_path):
    path = tmp_path / "canvas-export.csv"
    path.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Week 1 (501)\n"
        "    Points Possible,,,,,10\n"
        '"Byron, Ada",101,S1, AB123 ,Sec A,5\n'
        "Student Test,103,,,,\n"  # Canvas's test student: no login, not a student to grade
        ",104,S4,dd4,,\n",  # no name: the login stands in for it
        encoding="utf-8",
    )
    roster = read_roster(path)
    assert roster.source == str(path)
    assert roster.people == {
        "ab123": {"login": "AB123", "name": "Byron, Ada", "id": "101", "sis_user_id": "S1", "section": "Sec A"},
        "dd4": {"login": "dd4", "name": "dd4", "id": "104", "sis_user_id": "S4", "section": ""},
    }
    assert roster.find("ＡＢ123") is roster.people["ab123"] and roster.find("zz") is None


def test_a_points_possible_row_is_never_a_student_even_with_every_column_filled(tmp_path):
    path = tmp_path / "canvas-export.csv"
    path.write_text(  # a spreadsheet's fill-down put text in every cell of the points row
        "Student,ID,SIS User ID,SIS Login ID,Section\n    Points Possible,x,x,x,x\nAda,101,S1,ab123,A\n",
        encoding="utf-8",
    )
    assert list(read_roster(path).people) == ["ab123"]


def test_a_moodle_export_names_students_by_first_and_last_name(tmp_path):
    path = tmp_path / "moodle-users.csv"
    path.write_text(
        "\ufeffFirst name;Last name;Username;Email address\n"
        "Ada;Byron;ab123;a@x\n;Solo;cy9;c@x\nDee;;dd4;d@x\n;;ee5;e@x\n",
        encoding="utf-8",
    )
    blank = {"id": "", "sis_user_id": "", "section": ""}
    assert read_roster(path).people == {
        "ab123": {"login": "ab123", "name": "Ada Byron", **blank},
        "cy9": {"login": "cy9", "name": "Solo", **blank},
        "dd4": {"login": "dd4", "name": "Dee", **blank},
        "ee5": {"login": "ee5", "name": "ee5", **blank},
    }


def test_a_roster_without_logins_or_students_is_refused_saying_what_to_export(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("Name,Email\nAda,a@x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(path)
    assert str(caught.value) == (
        f"The roster {path} has no 'SIS Login ID' (Canvas) or 'Username' (Moodle) column. Export the class list "
        "from your LMS with the students' logins and give that file."
    )
    path.write_text("Username,Email\n,a@x\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_roster(path)
    assert str(caught.value) == f"The roster {path} lists no students."
    path.write_bytes("Username\nzoë\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^The roster .* is not UTF-8 text"):
        read_roster(path)


# check_assignment_name --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("  Week 3 quiz  ", "Week 3 quiz"),
        ("Quiz (draft)", "Quiz (draft)"),
        ("Week (3) quiz", "Week (3) quiz"),
        ("Quiz 2)", "Quiz 2)"),
        ("x" * 200, "x" * 200),
        ("Final essay", "Final essay"),
        ("Current affairs: points of view", "Current affairs: points of view"),
        ("Tokyo office – a score card", "Tokyo office – a score card"),
    ],
)
def test_names_canvas_and_moodle_keep_are_accepted_trimmed(tmp_path, name, kept):
    assert check_assignment_name(name) == kept
    assert not CANVAS_NON_ASSIGNMENT.search(kept)  # the importer's reading: a column Canvas keeps


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "Week\t3", "Quiz\n2"])
def test_blank_overlong_or_unprintable_names_are_refused(name):
    with pytest.raises(InputError) as caught:
        check_assignment_name(name)
    assert str(caught.value) == "Give the assignment a short, printable name, e.g. --assignment 'NATO Tokyo kit'."


@pytest.mark.parametrize("name", ["Week 3 quiz (2)", " Quiz (12) ", "(7)", "Week (3) quiz (2)"])
def test_a_number_in_brackets_at_the_end_is_refused_as_canvas_would_read_an_id(name):
    with pytest.raises(InputError) as caught:
        check_assignment_name(name)
    assert str(caught.value) == (
        f"The assignment name {name.strip()!r} ends in a number in brackets, which Canvas reads as an assignment "
        "id. Drop the brackets, or give --canvas-assignment-id to update an existing assignment."
    )


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("Final Grade", "final grade"),
        ("my  CURRENT   score", "current score"),  # case and runs of spaces hide nothing
        ("Override Status check", "override status"),
        ("Final Points and Final Score", "final score"),  # the first of Canvas's totals in its own order
    ],
)
def test_a_name_holding_a_canvas_total_is_refused_naming_it(name, total):
    with pytest.raises(InputError) as caught:
        check_assignment_name(name)
    assert str(caught.value) == (
        f"The assignment name {name.strip()!r} contains {total!r}, the name of one of Canvas's own total "
        "columns: Canvas would drop the column on import. Choose another name, e.g. 'NATO Tokyo kit'."
    )


@pytest.mark.parametrize("name", ["=SUM(A1)", "+1 bonus", "-quiz", "@home"])
def test_formula_leading_names_are_refused(name):
    with pytest.raises(InputError) as caught:
        check_assignment_name(name)
    assert str(caught.value) == f"The assignment name {name!r} starts like a spreadsheet formula. Choose another name."

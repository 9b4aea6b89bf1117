"""The rubric round trip in-process: the score file read, the marks carried forward and overlaid, the results
scored by hand, and free_text.csv written back, cell by cell.

Expected values come from the bank's TOML (rubric texts, points), from hand-written score files, and from
coreutils for the answer fingerprints (``printf '%s' TEXT | sha256sum | cut -c1-10``), never from the code's
own constants.
"""

from __future__ import annotations

import csv
import dataclasses
import json

import pytest

from kit.core.errors import InputError
from kit.exercises.bank import Bank, load_bank
from kit.exercises.checking import Outcome
from kit.grading.grade import grade_class
from kit.grading.rubric import (
    answer_sha,
    apply_marks,
    load_marks,
    read_scores,
    read_scores_text,
    unscored,
    write_free_text,
)

BANK = load_bank()
ACTORS, CHINA, SYNTH = BANK["actors-8"], BANK["china-8"], BANK["synth-8"]  # the free-text items, in bank order
C0 = ACTORS.rubric[0]  # the first criterion of actors-8
# sha256 prefixes from coreutils: printf '%s' 'My memo on actors-8' | sha256sum | cut -c1-10
SHA_ACTORS_MEMO = "7a7f3f1bcd"
SHA_REVISED = "aa06a88e86"  # 'A revised memo'
SHA_SURROGATE = "82616f3f38"  # 'memo ?': a lone surrogate is hashed as '?'
SHA_REPLACED = "e2a387e646"  # 'memo \ufffd' (printf 'memo \xef\xbf\xbd'): the submission reader's replacement
SHA = {
    "Dee's memo": "a0e157f688",
    "China memo": "b35417d37b",
    "Bob on China": "59996db6dc",
    "My final memo": "fe87a4758e",
}


def sheet(student, answers):
    return {"format": "kit-answers/1", "student": student, "answers": {k: {"value": v} for k, v in answers.items()}}


def graded(tmp_path, sheets):
    subs = tmp_path / "subs"
    subs.mkdir(parents=True)
    for n, (student, answers) in enumerate(sheets):
        (subs / f"{n}.json").write_text(json.dumps(sheet(student, answers)), encoding="utf-8")
    return grade_class([subs], BANK, False)


CLASS = [
    ("ada", {"actors-8": "My memo on actors-8", "china-8": "China memo", "synth-8": "My final memo"}),
    ("bob", {"china-8": "Bob on China"}),  # no answer to actors-8
    ("dee", {"actors-8": "Dee's memo"}),  # answered, not scored yet
]
SCORES = (
    f'student,exercise,score,comment,"actors-8 | {C0}",answer_sha\n'
    f"ADA,actors-8,3,Good,met,{SHA_ACTORS_MEMO}\n"  # the answer scored is the one handed in
    "ada,china-8,,Cite ¶3,,\n"  # a comment, no score yet
    f"ada,synth-8,5.5,,,{SHA_REVISED}\n"  # scored against another answer
    "bob,actors-8,2,,,\n"  # bob never answered actors-8: the score has nothing to apply to
    "bob,china-8,4,,,\n"
)


def by_key(grading):
    return {(r.student, i): o for r in grading.ok for i, o in r.outcomes.items()}


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def custom_bank(**points):
    """A course's own bank: the kit's exercises with other point values."""
    return Bank({i: dataclasses.replace(e, points=points.get(i, e.points)) for i, e in BANK.items()})


# apply_marks ------------------------------------------------------------------------------------------------------


def test_scores_comments_and_criteria_reach_each_student_and_nothing_else(tmp_path):
    before = by_key(graded(tmp_path / "a", CLASS))
    grading = graded(tmp_path / "b", CLASS)
    notes = apply_marks(grading, BANK, read_scores_text(SCORES))
    after = by_key(grading)
    head = "Scored by your instructor against the rubric: {}."
    assert after["ada", "actors-8"] == Outcome(
        "actors-8", "graded by hand", 3, 4, [head.format("3/4"), "Good", f"{C0}: met"], "My memo on actors-8"
    )
    old = before["ada", "china-8"]  # a comment only: still awaiting a score, the comment added to the feedback
    assert (old.status, old.points, old.max_points) == ("manual", 0, 4)
    assert after["ada", "china-8"] == Outcome("china-8", "manual", 0, 4, [*old.messages, "Cite ¶3"], "China memo")
    assert after["ada", "synth-8"] == Outcome(
        "synth-8", "graded by hand", 5.5, 6, [head.format("5.5/6")], "My final memo"
    )
    assert after["bob", "actors-8"] == before["bob", "actors-8"]  # no answer: the stray score is not applied
    assert after["bob", "china-8"] == Outcome("china-8", "graded by hand", 4, 4, [head.format("4/4")], "Bob on China")
    assert after["dee", "actors-8"] == before["dee", "actors-8"]
    assert {k: v for k, v in after.items() if k[1] not in ("actors-8", "china-8", "synth-8")} == {
        k: v for k, v in before.items() if k[1] not in ("actors-8", "china-8", "synth-8")
    }
    assert notes == ["ada/synth-8: the answer changed since you scored it; check the score"]
    assert {r.student: r.total for r in grading.ok} == {"ada": 3 + 5.5, "bob": 4, "dee": 0}


def test_without_marks_nothing_changes_and_there_are_no_notes(tmp_path):
    before = by_key(graded(tmp_path / "a", CLASS))
    grading = graded(tmp_path / "b", CLASS)
    assert apply_marks(grading, BANK, {}) == []
    assert by_key(grading) == before


def test_unscored_lists_the_counted_free_text_answers_still_awaiting_a_score(tmp_path):
    grading = graded(tmp_path, CLASS)
    assert unscored(grading, BANK) == [
        ("ada", "actors-8"),
        ("ada", "china-8"),
        ("ada", "synth-8"),
        ("bob", "china-8"),
        ("dee", "actors-8"),
    ]  # fmt: skip (bob never answered actors-8: nothing to score)
    apply_marks(grading, BANK, read_scores_text(SCORES))
    assert unscored(grading, BANK) == [("ada", "china-8"), ("dee", "actors-8")]


# write_free_text --------------------------------------------------------------------------------------------------


def test_free_text_csv_carries_every_mark_forward_cell_by_cell(tmp_path):
    grading = graded(tmp_path, CLASS)
    marks = read_scores_text(SCORES + f"cy,china-8,1,Left the course,,{SHA_REVISED}\n")
    out = tmp_path / "out"
    out.mkdir()
    write_free_text(out, grading, BANK, marks)
    header, *rows = read_rows(out / "free_text.csv")
    criteria = [(e.id, c) for e in (ACTORS, CHINA, SYNTH) for c in e.rubric]
    assert header == [
        "student", "exercise", "max_points", "score", "comment", "answer_sha",
        *(f"{e} | {c}" for e, c in criteria), "answer",
    ]  # fmt: skip

    def cells(exercise, own=()):
        """The criterion cells of a row: '' for its own exercise's criteria (or the note given), 'n/a' elsewhere."""
        notes = dict(own)
        return [notes.get(c, "") if e == exercise else "n/a" for e, c in criteria]

    assert rows == [
        ["ada", "actors-8", "4", "3", "Good", SHA_ACTORS_MEMO, *cells("actors-8", {C0: "met"}), "My memo on actors-8"],
        ["dee", "actors-8", "4", "", "", SHA["Dee's memo"], *cells("actors-8"), "Dee's memo"],
        ["ada", "china-8", "4", "", "Cite ¶3", SHA["China memo"], *cells("china-8"), "China memo"],
        ["bob", "china-8", "4", "4", "", SHA["Bob on China"], *cells("china-8"), "Bob on China"],
        ["ada", "synth-8", "6", "5.5", "", SHA["My final memo"], *cells("synth-8"), "My final memo"],
        ["bob", "actors-8", "4", "2", "", "", *cells("actors-8"), "(not in this run: your score is kept here)"],
        ["cy", "china-8", "4", "1", "Left the course", SHA_REVISED, *cells("china-8"),
         "(not in this run: your score is kept here)"],
    ]  # fmt: skip


def test_answer_fingerprints_match_sha256_and_survive_a_lone_surrogate(tmp_path):
    grading = graded(tmp_path, [("ada", {"actors-8": "My memo on actors-8"}), ("sur", {"actors-8": "memo \udfff"})])
    out = tmp_path / "out"
    out.mkdir()
    write_free_text(out, grading, BANK, {})
    rows = {r[0]: r for r in read_rows(out / "free_text.csv")[1:]}
    assert rows["ada"][5] == SHA_ACTORS_MEMO
    assert rows["sur"][5] == SHA_REPLACED and rows["sur"][-1] == "memo \ufffd"  # replaced visibly on reading
    assert answer_sha("memo \udfff") == SHA_SURROGATE  # and the fingerprint itself never fails on one


def test_a_returning_student_keeps_the_score_and_the_fingerprint_kept_while_away(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    ada = ("ada", {"actors-8": "My memo on actors-8"})
    write_free_text(out, graded(tmp_path / "1", [ada]), BANK, {})
    scored = (out / "free_text.csv").read_text(encoding="utf-8").replace(",4,,,", ",4,3,,", 1)
    (out / "free_text.csv").write_text(scored, encoding="utf-8")
    away = graded(tmp_path / "2", [("bob", {"actors-8": "x"})])
    write_free_text(out, away, BANK, load_marks(out, [], BANK))  # ada is not in this run
    back = graded(tmp_path / "3", [ada])
    assert apply_marks(back, BANK, load_marks(out, [], BANK)) == []  # same answer: no "changed" note
    assert back.ok[0].outcomes["actors-8"].points == 3
    changed = graded(tmp_path / "4", [("ada", {"actors-8": "A revised memo"})])
    assert apply_marks(changed, BANK, load_marks(out, [], BANK)) == [
        "ada/actors-8: the answer changed since you scored it; check the score"
    ]
    assert (out / "free_text.previous.csv").is_file()


# load_marks -------------------------------------------------------------------------------------------------------


def test_a_manual_file_is_read_when_there_is_no_free_text_csv_yet(tmp_path):
    manual = tmp_path / "scores.csv"
    manual.write_text("student,exercise,score\nada,actors-8,2\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    marks = load_marks(tmp_path / "out", [manual], BANK)
    assert {k: m.score for k, m in marks.items()} == {("ada", "actors-8"): 2}


def test_manual_files_overlay_free_text_csv_cell_by_cell_and_blank_cells_erase_nothing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "free_text.csv").write_text(
        f'student,exercise,score,comment,"actors-8 | {C0}",answer_sha\n'
        f"ada,actors-8,3,Good,met,{SHA_ACTORS_MEMO}\n"
        "ada,china-8,,,,\n"  # not scored yet: still a row to keep
        "bob,china-8,2,,,\n",
        encoding="utf-8",
    )
    second_marker = tmp_path / "ta.csv"  # a second marker's file: a new score for ada, a comment for bob
    second_marker.write_text("student,exercise,score,comment\nada,actors-8,3.5,\nbob,china-8,,See me\n")
    blank = tmp_path / "blank.csv"  # a file with the rows but nothing filled in
    blank.write_text("student,exercise,score,comment\nada,actors-8,,\nbob,china-8,,\ncy,synth-8,,\n")
    marks = load_marks(out, [second_marker, blank, out / "free_text.csv"], BANK)
    summary = {k: (m.student, m.exercise, m.score, m.comment, m.criteria, m.answer_sha) for k, m in marks.items()}
    assert summary == {
        ("ada", "actors-8"): ("ada", "actors-8", 3.5, "Good", {C0: "met"}, SHA_ACTORS_MEMO),
        ("ada", "china-8"): ("ada", "china-8", None, "", {}, ""),
        ("bob", "china-8"): ("bob", "china-8", 2, "See me", {}, ""),
        ("cy", "synth-8"): ("cy", "synth-8", None, "", {}, ""),
    }


def test_load_marks_checks_scores_against_the_bank_it_is_given(tmp_path):
    manual = tmp_path / "scores.csv"
    manual.write_text("student,exercise,score\nada,actors-8,8\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    ten = custom_bank(**{"actors-8": 10})
    assert load_marks(tmp_path / "out", [manual], ten)[("ada", "actors-8")].score == 8
    with pytest.raises(InputError, match="outside 0–4"):
        load_marks(tmp_path / "out", [manual], BANK)


# read_scores ------------------------------------------------------------------------------------------------------


def test_read_scores_reads_every_column_of_a_row(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        f"Student;Exercise;Score;Comment;ACTORS-8 | {C0.upper()};Answer_SHA\n"
        f"ADA;actors-8;0;'=odd but fine;met;{SHA_ACTORS_MEMO}\n"
        "ada;china-8;0,5;;n/a;\n"  # a note under another exercise's criterion is not this row's
        "bob;synth-8;6;;;\n",
        encoding="utf-8",
    )
    marks = read_scores(path)  # the kit's own bank by default
    assert set(marks) == {("ada", "actors-8"), ("ada", "china-8"), ("bob", "synth-8")}
    ada = marks["ada", "actors-8"]
    assert (ada.student, ada.exercise, ada.score, ada.comment) == ("ADA", "actors-8", 0, "=odd but fine")
    assert (ada.criteria, ada.answer_sha) == ({C0: "met"}, SHA_ACTORS_MEMO)
    china = marks["ada", "china-8"]
    assert (china.exercise, china.score, china.comment, china.criteria, china.answer_sha) == (
        "china-8", 0.5, "", {}, ""
    )  # fmt: skip
    assert marks["bob", "synth-8"].score == 6  # the maximum is in range


def test_a_score_file_with_only_the_required_columns_gives_blank_comments_and_fingerprints():
    mark = read_scores_text("student,exercise,score\nada,actors-8,4\n", BANK)["ada", "actors-8"]
    assert (mark.comment, mark.criteria, mark.answer_sha, mark.exercise) == ("", {}, "", "actors-8")


def test_read_scores_text_reads_non_ascii_text_with_the_bank_given():
    marks = read_scores_text(
        "student;exercise;score;comment\nzoë;actors-8;9,5;très bien\n", custom_bank(**{"actors-8": 10})
    )
    assert (marks["zoë", "actors-8"].score, marks["zoë", "actors-8"].comment) == (9.5, "très bien")
    with pytest.raises(InputError, match=r"(?s)^The score file \S+/scores\.csv was not used.*outside 0–4"):
        read_scores_text("student,exercise,score\nada,actors-8,9.5\n")  # the kit's own bank by default


def test_every_problem_of_a_score_file_is_listed_by_line_in_one_message(tmp_path):
    long_id, long_score = "x" * 50, "about four and a half points"
    path = tmp_path / "scores.csv"
    path.write_text(
        "student,exercise,score\n"
        ",actors-8,1\n"  # 2
        "ada,actors-1,1\n"  # 3: a graded item, but not free text
        f"ada,{long_id},1\n"  # 4: not in the bank
        "ada,actors-8,lots\n"  # 5
        f"ada,china-8,{long_score}\n"  # 6
        "ada,synth-8,6.5\n"  # 7
        "bob,actors-8,0\n"  # 8: fine
        "BOB,actors-8,1\n"  # 9: the same student, scored differently
        "bob,actors-8,0\n"  # 10: the same score again is no problem
        "cy,,2\n",  # 11
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_scores(path, BANK)
    assert str(caught.value) == (
        f"The score file {path} was not used, and nothing was written, because of 8 problem(s):\n"
        "  line 2: no student or no exercise\n"
        "  line 3: 'actors-1' is not a free-text exercise of the bank\n"
        f"  line 4: {'x' * 40!r} is not a free-text exercise of the bank\n"
        "  line 5: the score 'lots' is not a number (write e.g. 4 or 4.5)\n"
        f"  line 6: the score {long_score[:20]!r} is not a number (write e.g. 4 or 4.5)\n"
        "  line 7: the score 6.5 is outside 0–6 for synth-8\n"
        "  line 9: BOB/actors-8 is scored twice, differently\n"
        "  line 11: no student or no exercise\n"
        "Correct these cells and run the same command again."
    )


@pytest.mark.parametrize(("count", "ellipsis"), [(20, False), (21, True)])
def test_a_long_list_of_problems_shows_the_first_twenty(tmp_path, count, ellipsis):
    path = tmp_path / "scores.csv"
    path.write_text("student,exercise,score\n" + "ada,actors-1,1\n" * count, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_scores(path, BANK)
    shown = "\n  ".join(f"line {n}: 'actors-1' is not a free-text exercise of the bank" for n in range(2, 22))
    assert str(caught.value) == (
        f"The score file {path} was not used, and nothing was written, because of {count} problem(s):\n  "
        + "\n  ".join(shown.split("\n  ")[:count])
        + ("\n  …" if ellipsis else "")
        + "\nCorrect these cells and run the same command again."
    )


@pytest.mark.parametrize(
    ("header", "missing"), [("student,comment", "exercise, score"), ("student,exercise,points", "score")]
)
def test_a_file_without_the_required_columns_says_which(tmp_path, header, missing):
    path = tmp_path / "scores.csv"
    path.write_text(f"{header}\nada,actors-8\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_scores(path, BANK)
    assert str(caught.value) == (
        f"The score file {path} has no column {missing}. Fill in the free_text.csv that `kit grade` wrote "
        "(keep its first line), then run the command again."
    )


def test_a_score_file_that_is_not_utf8_is_named_as_the_score_file(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes("student,exercise,score\nzoë,actors-8,1\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^The score file .* is not UTF-8 text .*'CSV UTF-8'"):
        read_scores(path, BANK)

"""Grading a whole class (kit.grading.grade), pinned down where the mutation run found it unchecked.

Expected scores come from the exercise bank's TOML, read here with tomllib (never from the grader's
constants); answer sheets are written by hand in the documented ``kit-answers/1`` format
(kit/exercises/answers.py); collected folders follow ``kit-collect/1`` (kit/grading/identity.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import tomllib
from pathlib import Path

import pytest

from kit.core.errors import KitError
from kit.exercises.bank import load_bank
from kit.grading import grade as grading_module
from kit.grading.grade import Conflict, counted_ids, grade_class, grade_files, grade_sheet

from .conftest import ROOT

BANK = load_bank()
BANK_FILES = sorted((ROOT / "exercises").glob("*.toml"))
TOML = {e["id"]: e for f in BANK_FILES for e in tomllib.loads(f.read_text(encoding="utf-8"))["exercise"]}
ANSWER = {i: e["answer"] for i, e in TOML.items() if "answer" in e}
DAMAGED = "This answer could not be read from your answer sheet (a damaged entry)."
NEAR = "ids that differ only in accents, separators or look-alike letters"  # identity.py's docstring wording


def sheet(student, answers: dict) -> dict:
    """A kit-answers/1 sheet; ``student=None`` leaves the id out (as a hub-collected sheet may)."""
    data = {"format": "kit-answers/1", "answers": {k: {"value": v, "attempts": 1} for k, v in answers.items()}}
    if student is not None:
        data["student"] = student
    return data


def write(folder: Path, name: str, data, mtime: float | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def collected(folder: Path, entries) -> Path:
    """A ``kit collect`` folder: (hub user, file name, sheet, versions) and collect-manifest.json."""
    submissions = []
    for minute, (hub_user, name, data, versions) in enumerate(entries):
        path = write(folder, name, data)
        submissions.append(
            {
                "hub_user": hub_user,
                "file": name,
                "received_at": f"2026-11-29T10:{minute:02d}:00Z",
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "versions": versions,
            }
        )
    manifest = {"format": "kit-collect/1", "collected_at": "2026-11-29T12:00:00Z", "submissions": submissions}
    (folder / "collect-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def by_file(results) -> dict:
    return {Path(r.source).name: r for r in results}


# Scores of one sheet -----------------------------------------------------------------------------------------------


def test_a_sheet_scores_graded_items_and_shows_practice_beside_from_the_bank():
    # By hand from exercises/*.toml: actors-1, geo-10 and geo-11 are graded, 1 point each; actors-2 (single) and
    # actors-7 (numeric, answer 3) are practice, 1 point each; every other item is unanswered.
    answers = {i: ANSWER[i] for i in ("actors-1", "geo-10", "geo-11", "actors-2", "actors-7")}
    result = grade_sheet(BANK, sheet("ada", answers), "ada.json")  # its own checker and the default count
    assert (result.total, result.practice, result.status, result.notes) == (3, 2, "ok", [])
    assert set(result.counted) == {i for i, e in TOML.items() if e["graded"]}
    for exercise_id, entry in TOML.items():
        outcome = result.outcomes[exercise_id]
        assert outcome.exercise_id == exercise_id and outcome.max_points == entry["points"], exercise_id
        if exercise_id not in answers:
            assert (outcome.status, outcome.points, outcome.messages) == ("missing", 0, []), exercise_id


def test_counted_ids_are_the_graded_items_unless_practice_counts_too():
    graded = {i for i, e in TOML.items() if e["graded"]}
    assert set(counted_ids(BANK)) == graded and len(graded) < len(TOML)
    assert set(counted_ids(BANK, count_practice=True)) == set(TOML)


def test_a_sheet_without_an_id_is_graded_with_an_empty_id_and_no_note():
    result = grade_sheet(BANK, sheet(None, {"actors-1": ANSWER["actors-1"]}), "x.json")
    assert (result.student, result.key, result.notes, result.total) == ("", "", [], 1)


def test_an_id_with_invisible_characters_is_shown_cleaned_with_a_note():
    clean = grade_sheet(BANK, sheet("ada", {}), "a.json")
    hidden = grade_sheet(BANK, sheet("a\u200bda", {}), "b.json")
    assert clean.notes == [] and hidden.student == "ada" and hidden.key == "ada"
    assert hidden.notes == ["the id as written holds invisible, control or compatibility characters: shown as 'ada'"]


def test_unknown_ids_are_listed_ten_at_most_each_cut_to_forty_characters():
    unknown = {f"zz-{n:02d}": 1 for n in range(11)} | {"a" * 45: 1}
    result = grade_sheet(BANK, sheet("ada", unknown), "ada.json")
    shown = ["a" * 40] + [f"zz-{n:02d}" for n in range(9)]  # sorted: "aaa…" first; zz-09 and zz-10 left out
    assert result.notes == ["ignored 12 unknown exercise id(s): " + ", ".join(shown)]


def test_a_damaged_entry_scores_zero_out_of_the_items_points_with_a_message_for_the_student(tmp_path):
    data = sheet("ada", {"geo-1": ANSWER["geo-1"]})
    data["answers"]["actors-9"] = "not an entry"  # kit-answers/1 wants {"value": ...}
    write(tmp_path, "ada.json", data)
    (result,) = grade_files([tmp_path], BANK, show_progress=False)
    outcome = result.outcomes["actors-9"]
    assert (outcome.exercise_id, outcome.status, outcome.points, outcome.max_points) == ("actors-9", "form", 0, 3)
    assert outcome.messages == [DAMAGED]
    assert result.total == TOML["geo-1"]["points"] == 6


def test_equal_answers_share_one_object_and_different_answers_keep_their_own(tmp_path):
    # A class of hundreds mostly gives a few answers: one copy of each is kept (memory), never another's answer.
    same = {"actors-1": ANSWER["actors-1"], "geo-1": list(ANSWER["geo-1"]), "actors-7": 3, "geo-8": {"a": [1]}}
    for name in ("ann", "bob"):
        write(tmp_path, f"{name}.json", sheet(name, same))
    odd = {"a": 1}, {"a": 2}  # answers no item expects, of kinds a student's file can hold
    spaced = "NATO" + " " * 600  # actors-6 (text, answer "NATO"): too long to keep in memory, still right
    cy = {"actors-1": odd[0], "actors-6": spaced, "actors-3": [1, 2]}
    dee = {"actors-1": odd[1], "actors-6": "x" * 600, "actors-3": [["a"]]}
    write(tmp_path, "cy.json", sheet("cy", cy))
    write(tmp_path, "dee.json", sheet("dee", dee))
    grading = grade_class([tmp_path], BANK, False)
    results = {r.student: r for r in grading.results}
    assert all(r.status == "ok" for r in results.values()), {k: r.status for k, r in results.items()}
    for exercise_id in same:
        assert results["ann"].answers[exercise_id] is results["bob"].answers[exercise_id], exercise_id
    assert results["ann"].total == results["bob"].total == 1 + 6
    assert results["cy"].answers == cy and results["dee"].answers == dee
    assert (results["cy"].outcomes["actors-6"].status, results["cy"].practice) == ("correct", 1)
    assert results["dee"].outcomes["actors-6"].status == "form" and results["dee"].practice == 0
    assert [c.kind for c in grading.conflicts] == ["identical sheets"]  # ann and bob only


# Identical sheets and near-duplicate ids ---------------------------------------------------------------------------


def test_identical_sheets_of_three_students_are_each_reported_once(tmp_path):
    three = {"actors-1": "Emmanuel Macron", "geo-10": ANSWER["geo-10"], "actors-7": 4}
    write(tmp_path, "a.json", sheet("ann", three | {"actors-7": 5}))  # same items, one answer differs
    for name in ("bob", "cal", "dan"):
        write(tmp_path, f"{name}.json", sheet(name, three))
    for name in ("eve", "fay"):  # the same two answers: too few to call a sheet copied
        write(tmp_path, f"{name}.json", sheet(name, {"actors-1": "Emmanuel Macron", "geo-10": ANSWER["geo-10"]}))
    write(tmp_path, "bad1.json", "{not json")
    write(tmp_path, "bad2.json", "{not json either")
    grading = grade_class([tmp_path], BANK, False)
    detail = "bob, cal, dan handed in exactly the same 3 answers"
    assert grading.conflicts == [
        Conflict("identical sheets", "bob", "bob.json", "cal.json", detail),
        Conflict("identical sheets", "bob", "bob.json", "dan.json", detail),
    ]
    notes = {r.student: r.notes for r in grading.ok}
    assert notes["bob"] == ["identical answers to: cal, dan"] and notes["dan"] == ["identical answers to: bob, cal"]
    assert notes["ann"] == notes["eve"] == notes["fay"] == []
    # the gradebook lists the students by id, then the files that could not be graded
    order = ["ann", "bob", "cal", "dan", "eve", "fay", "(bad1.json)", "(bad2.json)"]
    assert [r.student for r in grading.results] == order


def test_identical_dict_answers_written_in_another_key_order_are_the_same_sheet():
    first = {"actors-1": {"b": 2, "a": 1}, "geo-10": "x", "geo-11": "y"}
    second = {"actors-1": {"a": 1, "b": 2}, "geo-10": "x", "geo-11": "y"}
    ann = grade_sheet(BANK, sheet("ann", first), "ann.json")
    bob = grade_sheet(BANK, sheet("bob", second), "bob.json")
    assert ann.fingerprint and ann.fingerprint == bob.fingerprint


def test_identical_long_answers_are_spotted_and_a_lone_surrogate_does_not_stop_grading():
    essay = "Geography is stubborn. " * 40 + "\ud800"  # 921 characters, with text no file can hold as UTF-8
    answers = {"actors-8": essay, "china-8": essay, "synth-8": [essay]}
    ann = grade_sheet(BANK, sheet("ann", answers | {"geo-8": {"b": 2, "a": 1}}), "ann.json")
    bob = grade_sheet(BANK, sheet("bob", answers | {"geo-8": {"a": 1, "b": 2}}), "bob.json")
    other = grade_sheet(BANK, sheet("cy", answers | {"geo-8": {"a": 1, "b": 2}, "synth-8": [essay + "!"]}), "cy.json")
    assert ann.fingerprint == bob.fingerprint != other.fingerprint
    assert len(ann.fingerprint) == 64 and ann.fingerprint != hashlib.sha256(b"null").hexdigest()


def test_similar_ids_are_one_conflict_naming_every_spelling():
    ids = {"zoe.smith": "z1", "Zoë-Smith": "z2", "ZOE_SMITH": "z3", "bob": "b"}
    results = [grade_sheet(BANK, sheet(s, {"geo-10": n}), f"{n}.json") for s, n in ids.items()]
    assert grading_module._near(results) == [Conflict("similar ids", "ZOE_SMITH", "", "Zoë-Smith, zoe.smith", NEAR)]


# Versions of one student -------------------------------------------------------------------------------------------


def test_three_versions_under_one_id_the_newest_is_graded_and_each_older_one_is_listed(tmp_path):
    newest = {"actors-1": ANSWER["actors-1"]}
    write(tmp_path, "v1.json", sheet("AB123", newest), mtime=1_000)  # a copy of the newest
    write(tmp_path, "v2.json", sheet("ab123", {"actors-1": "Emmanuel Macron"}), mtime=2_000)
    write(tmp_path, "v3.json", sheet("ab123", {"actors-1": "Fumio Kishida"}), mtime=3_000)
    write(tmp_path, "v4.json", sheet("ab123", newest), mtime=4_000)
    grading = grade_class([tmp_path], BANK, False)
    (result,) = grading.results
    assert (result.source, result.total) == (str(tmp_path / "v4.json"), 1)
    detail = (
        "different answers under one id; graded the newest by file time "
        "(a resubmission needs nothing; otherwise check who wrote which)"
    )
    assert grading.conflicts == [
        Conflict("two sheets, one id", "ab123", "v4.json", "v2.json", detail),
        Conflict("two sheets, one id", "ab123", "v4.json", "v3.json", detail),
    ]
    assert result.notes == [
        "the id is written differently across files: 'AB123', 'ab123'",
        "identical copy ignored: v1.json",
        "3 different sheets claim this id: graded the newest by file time (see conflicts.csv)",
    ]


def test_one_version_gets_no_version_notes(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", {"actors-1": ANSWER["actors-1"]}))
    (result,) = grade_class([tmp_path], BANK, False).results
    assert result.notes == [] and result.total == 1


# A collected folder: the hub user is the student -------------------------------------------------------------------


def test_the_hub_user_is_the_student_whatever_the_sheet_says(tmp_path):
    folder = collected(
        tmp_path / "collected",
        [
            ("ann", "ann.json", sheet(None, {"actors-1": ANSWER["actors-1"]}), 1),  # no id in the sheet: fine
            ("ben", "ben.json", sheet("ann", {"actors-1": "Emmanuel Macron"}), 1),
            ("cat", "cat.json", sheet("CAT", {"geo-10": ANSWER["geo-10"]}), 3),
        ],
    )
    write(folder, "stray.json", sheet("dan", {}))
    grading = grade_class([folder], BANK, False)
    rows = by_file(grading.results)
    assert (rows["ann.json"].student, rows["ann.json"].status, rows["ann.json"].total) == ("ann", "ok", 1)
    assert rows["ann.json"].notes == [] and rows["ann.json"].claimed == ""
    assert rows["cat.json"].notes == ["3 versions received; graded the newest"] and rows["cat.json"].claimed == ""
    assert rows["ben.json"].claimed == "ann"
    assert rows["ben.json"].notes == ["the sheet names 'ann'; graded as hub user 'ben'"]
    assert rows["stray.json"].student == "(stray.json)" and rows["stray.json"].status.startswith("error: not listed")
    assert grading.conflicts == [
        Conflict(
            "sheet names another id",
            "ben",
            "ben.json",
            "",
            "the sheet says 'ann'; graded as the authenticated hub user 'ben'",
        )
    ]


def test_a_plain_folder_needs_the_id_in_the_sheet(tmp_path):
    write(tmp_path, "noid.json", sheet(None, {"actors-1": ANSWER["actors-1"]}))
    (result,) = grade_class([tmp_path], BANK, False).results
    assert (result.student, result.status) == ("(noid.json)", "error: missing or invalid student id")


# A file that cannot be graded ---------------------------------------------------------------------------------------


def test_an_unexpected_failure_or_a_timeout_is_one_error_row_named_after_the_file(tmp_path, monkeypatch):
    write(tmp_path, "boom.json", sheet("boom", {}))
    write(tmp_path, "slow.json", sheet("slow", {}))
    write(tmp_path, "ok.json", sheet("ok", {"actors-1": ANSWER["actors-1"]}))
    real = grading_module.read_submission

    def reading(path, require_student=True):
        if path.name == "boom.json":
            raise ValueError("a bug the file triggers")
        while path.name == "slow.json":  # stands for a crafted file that keeps a parser busy
            time.sleep(0.01)
        return real(path, require_student)

    monkeypatch.setattr(grading_module, "read_submission", reading)
    rows = by_file(grade_class([tmp_path], BANK, False, seconds=0.2).results)
    boom, slow = rows["boom.json"], rows["slow.json"]
    assert (boom.student, boom.source, boom.status) == (
        "(boom.json)",
        str(tmp_path / "boom.json"),
        "error: unreadable (ValueError)",
    )
    assert (slow.student, slow.status) == ("(slow.json)", "error: took longer than 0.2 s to grade (a crafted file?)")
    assert rows["ok.json"].total == 1


# The class run: refusal, exclusions, progress, rule ----------------------------------------------------------------


def test_a_student_release_is_refused_with_the_next_step(tmp_path, monkeypatch):
    released = load_bank()
    monkeypatch.setattr(released, "released", True, raising=False)
    with pytest.raises(KitError) as caught:
        grade_class([tmp_path], released, False)
    assert str(caught.value) == (
        "This copy has no answer key (it is a student release). Grade from the instructor copy."
    )


def test_files_under_an_excluded_folder_are_not_graded(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", {}))
    write(tmp_path / "grading", "old.json", sheet("old", {}))
    grading = grade_class([tmp_path], BANK, False, exclude=(tmp_path / "grading",))
    assert [r.student for r in grading.results] == ["ada"]


def test_the_counting_rule_says_when_practice_counts(tmp_path):
    write(tmp_path, "ada.json", sheet("ada", {"actors-2": ANSWER["actors-2"]}))  # practice, 1 point
    plain = grade_class([tmp_path], BANK, False)
    counted = grade_class([tmp_path], BANK, False, count_practice=True)
    assert "practice points shown, not counted" in plain.counting_rule and plain.ok[0].total == 0
    assert "--count-practice" in counted.counting_rule and counted.ok[0].total == 1


def bar(done: int, number: int, total: int) -> str:
    return f"\rGrading [{'#' * done}{'.' * (30 - done)}] {number}/{total}"


def test_progress_goes_to_stderr_by_default_and_never_when_quiet(tmp_path, capsys):
    for name in ("a", "b", "c"):
        write(tmp_path / "class", f"{name}.json", sheet(name, {}))
    grade_files([tmp_path / "class"], BANK)
    # three files: a bar after each, 10, 20 then 30 of 30 marks filled, and a new line at the end
    assert capsys.readouterr() == ("", bar(10, 1, 3) + bar(20, 2, 3) + bar(30, 3, 3) + "\n")
    grade_files([tmp_path / "class"], BANK, show_progress=False)
    assert capsys.readouterr() == ("", "")
    (tmp_path / "empty").mkdir()
    grade_files([tmp_path / "empty"], BANK)  # nothing to grade: no bar, no blank line
    assert capsys.readouterr() == ("", "")


def test_progress_of_a_large_class_is_shown_every_fiftieth(tmp_path, capsys):
    for n in range(101):
        write(tmp_path, f"s{n:03d}.json", sheet(f"s{n:03d}", {}))
    grade_class([tmp_path], BANK)
    err = capsys.readouterr().err
    updates = err.split("\r")[1:]
    # 101 files: every 2nd file (101 // 50) and the last, so 2, 4, ..., 100 and 101: 51 updates
    assert len(updates) == 51 and err.endswith("\n")
    assert "\r" + updates[0] == bar(0, 2, 101)  # 2 * 30 // 101 = 0 marks
    assert "\r" + updates[24] == bar(14, 50, 101)  # 50 * 30 // 101 = 14
    assert "\r" + updates[-1] == bar(30, 101, 101) + "\n"


def test_the_memo_keeps_every_short_answer_once_and_no_long_one():
    # Most students give one of a few short answers: each is checked once. A text item takes at most 500 characters
    # (its own form message says so), so any acceptable answer is remembered; longer pastes are never kept.
    checker = grading_module._Checker(BANK)
    for answer in ("NATO", "NATO", "x" * 500, {"a": 1}, {"a": 1}):
        checker("actors-6", answer)
    assert len(checker.memo) == 3
    for n in range(3):  # distinct long pastes: a text of 501 characters, and a 3,000-character structure
        checker("actors-6", f"{n}" + "x" * 500)
        checker("actors-6", {"a": f"{n}" + "x" * 3000})
    assert len(checker.memo) == 3

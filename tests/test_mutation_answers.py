"""The answer sheet (kit/exercises/answers.py) against its documented format ``kit-answers/1``:

    {"format": "kit-answers/1", "student": "<id>",
     "answers": {"<exercise id>": {"value": <answer>, "time": "<ISO 8601>", "attempts": <int>}}}

Sheets are written by hand here as JSON text, not with the module's own writer.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import time
from types import SimpleNamespace

import pytest

from kit.exercises import answers
from kit.exercises.answers import AnswerSheet, read_entries


def write(path, data) -> None:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def sheet_with(answers) -> dict:
    return {"format": "kit-answers/1", "student": "ada", "answers": answers}


def test_read_entries_of_a_well_formed_sheet():
    good, problems = read_entries(
        sheet_with({"geo-4": {"value": "3 July 1962", "time": "2026-11-29T10:00:00+00:00", "attempts": 2}})
    )
    assert good == {"geo-4": {"value": "3 July 1962", "attempts": 2, "time": "2026-11-29T10:00:00+00:00"}}
    assert problems == []


def test_read_entries_fills_in_missing_time_and_attempts():
    good, _ = read_entries(sheet_with({"a": {"value": None}, "b": {"value": [1, 2], "time": 5}}))
    assert good == {"a": {"value": None, "attempts": 0, "time": ""}, "b": {"value": [1, 2], "attempts": 0, "time": ""}}


@pytest.mark.parametrize(
    "attempts, read", [(0, 0), (1, 1), (999_999_999, 999_999_999), (10**9, 0), (-1, 0), (True, 0), ("3", 0), (2.0, 0)]
)
def test_attempts_must_be_a_sane_count(attempts, read):
    good, _ = read_entries(sheet_with({"a": {"value": 1, "attempts": attempts}}))
    assert good["a"]["attempts"] == read


def test_read_entries_explains_each_malformed_entry():
    good, problems = read_entries(
        sheet_with({"a": {"time": "x"}, "b": "text", "c": 3, "d": None, "e": {"value": 1}, "f": [1]})
    )
    assert list(good) == ["e"]
    assert problems == [
        "a: the saved entry has no value; it is kept in the file.",
        "b: the saved entry is a str, not a table with a value; it is kept in the file.",
        "c: the saved entry is a int, not a table with a value; it is kept in the file.",
        "d: the saved entry is a NoneType, not a table with a value; it is kept in the file.",
        "f: the saved entry is a list, not a table with a value; it is kept in the file.",
    ]


@pytest.mark.parametrize("data", [None, [], "sheet", {}, {"answers": None}, {"answers": ["a"]}, {"answers": "x"}])
def test_read_entries_of_something_that_is_not_a_sheet(data):
    assert read_entries(data) == ({}, [])


def test_a_missing_sheet_loads_empty_for_its_student(tmp_path):
    sheet = AnswerSheet(tmp_path / "sheet.json", student="ada")
    assert sheet.load() == {"format": "kit-answers/1", "student": "ada", "answers": {}}
    assert sheet.notice == ""
    assert sheet.entries() == ({}, [])
    assert not (tmp_path / "sheet.json").exists()


def test_a_hand_written_sheet_loads_as_written(tmp_path):
    path = tmp_path / "sheet.json"
    data = sheet_with({"geo-4": {"value": "x", "time": "t", "attempts": 1}})
    write(path, data)
    sheet = AnswerSheet(path)
    assert sheet.load() == data
    assert sheet.notice == ""


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps({"format": "kit-answers/2", "student": "ada", "answers": {}}),
        json.dumps({"student": "ada", "answers": {}}),
        json.dumps({"format": "kit-answers/1", "student": "ada", "answers": []}),
        json.dumps({"format": "kit-answers/1", "student": "ada"}),
        json.dumps(["kit-answers/1"]),
    ],
)
def test_an_unreadable_sheet_is_kept_aside_and_a_new_one_started(tmp_path, content):
    path = tmp_path / "sheet.json"
    write(path, content)
    sheet = AnswerSheet(path, student="ada")
    assert sheet.load() == {"format": "kit-answers/1", "student": "ada", "answers": {}}
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("sheet.unreadable-")]
    assert len(kept) == 1 and kept[0].suffix == ".json"
    assert kept[0].read_text(encoding="utf-8") == content  # nothing lost
    assert sheet.notice == (
        f"Your answer sheet could not be read; it was kept as {kept[0].name} and a new one started."
    )
    stamp = kept[0].name.removeprefix("sheet.unreadable-").removesuffix(".json")
    assert dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S")


def test_a_sheet_that_is_not_utf8_is_kept_aside(tmp_path):
    path = tmp_path / "sheet.json"
    path.write_bytes(b"\xff\xfe{")
    sheet = AnswerSheet(path, student="ada")
    assert sheet.load()["answers"] == {}
    assert "could not be read" in sheet.notice


def test_record_counts_attempts_and_keeps_other_answers(tmp_path):
    path = tmp_path / "sheet.json"
    write(path, sheet_with({"geo-1": {"value": "kept", "time": "t", "attempts": 4}}))
    sheet = AnswerSheet(path, student="bob")
    assert sheet.record("geo-4", "first") == 1
    assert sheet.record("geo-4", "second") == 2
    assert sheet.record("geo-1", "new") == 5
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["format"] == "kit-answers/1"
    assert on_disk["student"] == "bob"  # the sheet's student follows the one it was opened for
    assert on_disk["answers"]["geo-4"]["value"] == "second" and on_disk["answers"]["geo-4"]["attempts"] == 2
    assert on_disk["answers"]["geo-1"] == {**on_disk["answers"]["geo-1"], "value": "new", "attempts": 5}
    when = dt.datetime.fromisoformat(on_disk["answers"]["geo-4"]["time"])
    assert when.utcoffset() == dt.timedelta(0) and when.microsecond == 0  # UTC, to the second
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["sheet.json"]  # no temp left


def test_record_without_a_student_keeps_the_sheets_student(tmp_path):
    path = tmp_path / "sheet.json"
    write(path, sheet_with({}))
    AnswerSheet(path).record("geo-4", 1)
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == "ada"


def test_record_after_a_damaged_attempts_count_starts_at_one(tmp_path):
    path = tmp_path / "sheet.json"
    write(path, sheet_with({"geo-4": {"value": "x", "attempts": "many"}, "geo-5": ["x"]}))
    sheet = AnswerSheet(path, student="ada")
    assert sheet.record("geo-4", "y") == 1
    assert sheet.record("geo-5", "y") == 1


def test_the_sheet_is_written_with_non_ascii_text_as_text(tmp_path):
    path = tmp_path / "sheet.json"
    AnswerSheet(path, student="zoë").record("geo-4", "Türkiye")
    raw = path.read_text(encoding="utf-8")
    assert "Türkiye" in raw and "zoë" in raw


def test_settings_are_kept_beside_the_answers(tmp_path):
    path = tmp_path / "sheet.json"
    sheet = AnswerSheet(path, student="ada")
    assert sheet.settings() == {}
    sheet.record("geo-4", "x")
    sheet.set_setting("self_study", True)
    sheet.set_setting("pace", "slow")
    assert sheet.settings() == {"self_study": True, "pace": "slow"}
    assert sheet.entries()[0]["geo-4"]["value"] == "x"
    write(path, {**json.loads(path.read_text(encoding="utf-8")), "settings": ["damaged"]})
    assert sheet.settings() == {}
    sheet.set_setting("pace", "fast")
    assert sheet.settings() == {"pace": "fast"}
    assert sheet.entries()[0]["geo-4"]["value"] == "x"


def test_set_student_rewrites_the_id_and_keeps_the_answers(tmp_path):
    path = tmp_path / "sheet.json"
    write(path, sheet_with({"geo-4": {"value": "x"}}))
    sheet = AnswerSheet(path, student="ada")
    sheet.set_student("grace")
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["student"] == "grace" and on_disk["answers"] == {"geo-4": {"value": "x"}}
    sheet.record("geo-5", 1)
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == "grace"


# -- where the sheet lives and whose it is (docs/classroom_delivery.md: answers/answer-sheet-<id>.json) ----------


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """A work folder of its own, no $KIT_ANSWERS, no hub, no typed id: the student comes from $KIT_STUDENT."""
    monkeypatch.delenv("KIT_ANSWERS", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_WORK", str(tmp_path))
    monkeypatch.setenv("KIT_STUDENT", "ada")
    return tmp_path


def test_each_student_has_a_sheet_of_their_own(classroom):
    assert answers.default_sheet_path() == classroom / "answers" / "answer-sheet-ada.json"
    assert answers.default_student() == "ada"


def test_without_any_name_the_student_is_called_student(classroom, monkeypatch):
    def no_login():
        raise OSError("no login name in this container")

    monkeypatch.delenv("KIT_STUDENT")
    monkeypatch.setattr(getpass, "getuser", no_login)
    assert answers.default_student() == "student"
    assert answers.default_sheet_path() == classroom / "answers" / "answer-sheet.json"


def test_after_set_student_a_new_sheet_carries_the_new_id(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_STUDENT", "someone-else")
    path = tmp_path / "sheet.json"
    write(path, sheet_with({}))
    sheet = AnswerSheet(path, student="ada")
    sheet.set_student("grace")
    path.unlink()  # the file went away (a tidy-up, a new folder): the next answer starts a sheet for grace
    sheet.record("geo-4", "x")
    assert json.loads(path.read_text(encoding="utf-8"))["student"] == "grace"


# -- how the sheet is written ----------------------------------------------------------------------------------


def test_the_sheet_is_sorted_json_one_key_per_line(tmp_path, monkeypatch):
    class Moment(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2026, 11, 29, 10, 0, 0, tzinfo=tz)

    monkeypatch.setattr(answers, "dt", SimpleNamespace(datetime=Moment, UTC=dt.UTC))
    path = tmp_path / "sheet.json"
    AnswerSheet(path, student="zoë").record("geo-4", ["Türkiye", 1])
    # Written out by hand: keys sorted, indent 1, text kept as text (not \\u escapes).
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        ' "answers": {\n'
        '  "geo-4": {\n'
        '   "attempts": 1,\n'
        '   "time": "2026-11-29T10:00:00+00:00",\n'
        '   "value": [\n'
        '    "Türkiye",\n'
        "    1\n"
        "   ]\n"
        "  }\n"
        " },\n"
        ' "format": "kit-answers/1",\n'
        ' "student": "zoë"\n'
        "}"
    )


def test_the_sheet_is_utf8_whatever_the_platforms_default(tmp_path, monkeypatch):
    # A Windows laptop defaults to cp1252: a file opened without an explicit encoding would be written in it.
    real_fdopen = os.fdopen

    def fdopen_like_windows(fd, *args, **kwargs):
        if len(args) < 3 and not kwargs.get("encoding") and "b" not in (args[0] if args else kwargs.get("mode", "r")):
            kwargs["encoding"] = "cp1252"
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen_like_windows)
    path = tmp_path / "sheet.json"
    AnswerSheet(path, student="zoë").record("geo-4", "Türkiye")
    assert json.loads(path.read_bytes().decode("utf-8"))["answers"]["geo-4"]["value"] == "Türkiye"


def test_the_new_text_is_flushed_to_a_hidden_temporary_file_beside_the_sheet(tmp_path, monkeypatch):
    path = tmp_path / "sheet.json"
    write(path, sheet_with({"geo-1": {"value": "old"}}))
    seen = []
    real_fsync = os.fsync

    def spy(fd):
        real_fsync(fd)
        seen.append(
            (sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")), path.read_text("utf-8"))
        )

    monkeypatch.setattr(os, "fsync", spy)
    AnswerSheet(path, student="ada").record("geo-4", "new")
    [(names, sheet_text)] = seen
    assert "geo-4" not in sheet_text  # the sheet itself is untouched until the new text is on disk
    [temporary] = [name for name in names if name != "sheet.json"]
    assert temporary.startswith(".sheet-") and temporary.endswith(".tmp")  # hidden, and never mistaken for a sheet
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["sheet.json"]


# -- an unreadable sheet -----------------------------------------------------------------------------------------


def test_the_set_aside_copy_is_stamped_in_utc(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # nine hours ahead of UTC all year (no summer time)
    time.tzset()
    try:
        path = tmp_path / "sheet.json"
        write(path, "{not json")
        before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        AnswerSheet(path, student="ada").load()
        after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    finally:
        monkeypatch.undo()
        time.tzset()
    [kept] = [p for p in tmp_path.iterdir() if p.name.startswith("sheet.unreadable-")]
    stamp = dt.datetime.strptime(kept.name.removeprefix("sheet.unreadable-").removesuffix(".json"), "%Y%m%dT%H%M%S")
    assert before <= stamp <= after


def test_an_unreadable_sheet_that_cannot_be_moved_aside_is_never_written_over(tmp_path, monkeypatch):
    path = tmp_path / "sheet.json"
    write(path, "{damaged but maybe recoverable")

    def refuse(self, target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(answers.Path, "replace", refuse)
    sheet = AnswerSheet(path, student="ada")
    with pytest.raises(OSError):
        sheet.record("geo-4", "x")
    assert path.read_text(encoding="utf-8") == "{damaged but maybe recoverable"


def test_a_sheet_another_notebook_already_moved_aside_starts_afresh(tmp_path, monkeypatch):
    path = tmp_path / "sheet.json"
    write(path, "{damaged")

    def gone(self, target):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(answers.Path, "replace", gone)
    assert AnswerSheet(path, student="ada").load() == {"format": "kit-answers/1", "student": "ada", "answers": {}}


def test_a_sheet_written_as_utf8_reads_back_whatever_the_platforms_default(tmp_path, monkeypatch):
    path = tmp_path / "sheet.json"
    path.write_bytes(json.dumps(sheet_with({"geo-4": {"value": "Türkiye"}}), ensure_ascii=False).encode("utf-8"))
    real_open = answers.Path.open

    def open_like_windows(self, mode="r", buffering=-1, encoding=None, *args, **kwargs):
        if "b" not in mode and encoding in (None, "locale"):
            encoding = "cp1252"  # a Windows laptop's default
        return real_open(self, mode, buffering, encoding, *args, **kwargs)

    monkeypatch.setattr(answers.Path, "open", open_like_windows)
    assert AnswerSheet(path).load()["answers"]["geo-4"]["value"] == "Türkiye"


# -- the kernel's sheet ------------------------------------------------------------------------------------------


@pytest.fixture
def kernel_sheet(tmp_path, monkeypatch):
    """A fresh kernel: no sheet chosen yet, following the current student."""
    monkeypatch.setattr(answers, "_SHEET", None)
    monkeypatch.setattr(answers, "_FOLLOW_DEFAULT", True)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("KIT_STUDENT", "grace")
    path = tmp_path / "shared" / "answer-sheet.json"
    monkeypatch.setenv("KIT_ANSWERS", str(path))
    return path


def test_the_kernels_sheet_is_the_current_students(kernel_sheet, monkeypatch):
    write_dir = kernel_sheet.parent
    write_dir.mkdir()
    write(kernel_sheet, sheet_with({"geo-1": {"value": "kept"}}))  # a sheet last written for ada
    sheet = answers.answer_sheet()
    assert sheet.path == kernel_sheet
    assert answers.answer_sheet() is sheet  # the same sheet while nothing changes (its notice stays with it)
    sheet.record("geo-4", "x")
    on_disk = json.loads(kernel_sheet.read_text(encoding="utf-8"))
    assert on_disk["student"] == "grace" and set(on_disk["answers"]) == {"geo-1", "geo-4"}
    moved = kernel_sheet.with_name("other.json")
    monkeypatch.setenv("KIT_ANSWERS", str(moved))
    assert answers.answer_sheet().path == moved  # it follows a change of sheet


def test_a_sheet_chosen_by_hand_stays_chosen(kernel_sheet, tmp_path, monkeypatch):
    chosen = answers.use_answer_sheet(tmp_path / "mine.json", "ada")
    monkeypatch.setenv("KIT_ANSWERS", str(tmp_path / "elsewhere.json"))
    assert answers.answer_sheet() is chosen


def test_a_sheet_nested_too_deep_to_read_is_kept_aside(tmp_path):
    path = tmp_path / "sheet.json"
    write(path, "[" * 200_000 + "]" * 200_000)
    sheet = AnswerSheet(path, student="ada")
    assert sheet.load() == {"format": "kit-answers/1", "student": "ada", "answers": {}}
    assert "could not be read" in sheet.notice
    assert len([p for p in tmp_path.iterdir() if p.name.startswith("sheet.unreadable-")]) == 1

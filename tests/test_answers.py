"""The answer sheet: versioned, atomic, safe with two writers, durable across restarts, never losing work."""

from __future__ import annotations

import json
import multiprocessing
import zipfile

from kit.classroom.submit import pack_submission
from kit.exercises.answers import FORMAT, AnswerSheet, use_answer_sheet


def write_many(path, exercise_prefix, count):
    sheet = AnswerSheet(path, student="ada")
    for i in range(count):
        sheet.record(f"{exercise_prefix}-{i}", i)


def test_format_and_attempts(tmp_path):
    sheet = AnswerSheet(tmp_path / "s.json", student="ada")
    sheet.record("geo-4", "3 July 1962")
    sheet.record("geo-4", "16 January 1963")
    data = json.loads((tmp_path / "s.json").read_text())
    assert data["format"] == FORMAT and data["student"] == "ada"
    entry = data["answers"]["geo-4"]
    assert entry["value"] == "16 January 1963" and entry["attempts"] == 2
    assert entry["time"].endswith("+00:00")


def test_survives_a_restart(tmp_path):
    AnswerSheet(tmp_path / "s.json", student="ada").record("geo-4", "x")
    assert AnswerSheet(tmp_path / "s.json").load()["answers"]["geo-4"]["value"] == "x"  # a new kernel reads it back


def test_two_notebooks_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "s.json"
    writers = [multiprocessing.Process(target=write_many, args=(path, prefix, 40)) for prefix in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    answers = json.loads(path.read_text())["answers"]
    assert len(answers) == 80
    assert not list(tmp_path.glob(".sheet-*.tmp"))  # no half-written file left behind


def test_an_unreadable_sheet_is_kept_not_lost(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"format": "kit-answers/1", "answers": {"geo-4"')  # damaged by hand
    sheet = AnswerSheet(path, student="ada")
    sheet.record("geo-5", ["Europe"])
    kept = list(tmp_path.glob("s.unreadable-*.json"))
    assert len(kept) == 1 and '"geo-4"' in kept[0].read_text()
    assert "kept as" in sheet.notice
    assert json.loads(path.read_text())["answers"]["geo-5"]["value"] == ["Europe"]


def test_submit_packs_and_verifies(tmp_path):
    use_answer_sheet(tmp_path / "s.json", student="ada")
    AnswerSheet(tmp_path / "s.json", student="ada").record("geo-4", "3 July 1962")
    bundle = pack_submission(tmp_path / "out.zip")
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        assert "answers/answer-sheet.json" in names
        assert "notebooks/02_geography.ipynb" in names
        assert json.loads(zf.read("answers/answer-sheet.json"))["answers"]["geo-4"]["value"] == "3 July 1962"

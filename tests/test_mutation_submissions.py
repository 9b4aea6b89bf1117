"""Reading submissions (kit/grading/submissions.py): every refusal's reason and every limit at its edge.

Sheets are built by hand as JSON text in the documented ``kit-answers/1`` format (kit/exercises/answers.py); the
limits are the ones the module documents (2 MiB per sheet, 20 levels, 1,000 answers, 100,000 values, ids of at
most 100 characters, 5 MB per file, 200 zip members, 20 MiB unpacked), written out here as numbers.
"""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile

import pytest

from kit.core.errors import SubmissionError
from kit.grading.submissions import find_submissions, parse_sheet, read_submission


def sheet(student="ada", answers=None, **extra) -> bytes:
    return json.dumps({"format": "kit-answers/1", "student": student, "answers": answers or {}, **extra}).encode()


def refusal(raw: bytes, **kwargs) -> str:
    with pytest.raises(SubmissionError) as err:
        parse_sheet(raw, **kwargs)
    return str(err.value)


def test_a_good_sheet_is_read_as_written():
    data = parse_sheet(sheet(answers={"geo-4": {"value": "x", "attempts": 1}}))
    assert data == {"format": "kit-answers/1", "student": "ada", "answers": {"geo-4": {"value": "x", "attempts": 1}}}


def test_sheet_size_limit_is_two_mib():
    base = sheet()
    at_limit = base[:-1] + b" " * (2 * 1024 * 1024 - len(base)) + b"}"
    assert len(at_limit) == 2 * 1024 * 1024
    assert parse_sheet(at_limit)["student"] == "ada"
    over = base[:-1] + b" " * (2 * 1024 * 1024 + 1 - len(base)) + b"}"
    assert refusal(over) == "answer sheet too large"


def test_reasons_for_unreadable_bytes():
    assert refusal(b'{"a": "\xff"}') == "not UTF-8 text (bad byte at position 7)"
    assert refusal(b'{"format": ') == "not valid JSON (Expecting value at line 1); truncated?"
    assert refusal(b'{\n"format":\n') == "not valid JSON (Expecting value at line 3); truncated?"
    assert refusal(b"[" * 100_000).startswith("JSON nested too deeply (more than 20 levels)")
    huge = b'{"format": "kit-answers/1", "student": "ada", "answers": {"a": {"value": ' + b"9" * 5000 + b"}}}"
    assert refusal(huge).startswith("not a readable answer sheet (")
    assert len(refusal(huge)) <= len("not a readable answer sheet ()") + 80


@pytest.mark.parametrize("raw", [b"[]", b'"text"', b"3", b"null"])
def test_json_that_is_not_an_object(raw):
    assert refusal(raw) == "not a kit answer sheet (the JSON is not an object)"


def test_wrong_or_missing_format_names_both():
    assert refusal(sheet(format="kit-answers/2")) == "wrong format 'kit-answers/2'; expected 'kit-answers/1'"
    assert refusal(b'{"student": "ada", "answers": {}}') == "wrong format 'None'; expected 'kit-answers/1'"
    long = refusal(sheet(format="x" * 100))
    assert long == f"wrong format {'x' * 40!r}; expected 'kit-answers/1'"


def test_at_most_a_thousand_answers():
    answers = {f"q{n}": {"value": n} for n in range(1000)}
    assert len(parse_sheet(sheet(answers=answers))["answers"]) == 1000
    answers["q1000"] = {"value": 0}
    assert refusal(sheet(answers=answers)) == "too many answers (1,001; a sheet holds at most 1,000)"


def test_nesting_limit_is_twenty_levels():
    def nested(levels):
        value = 1
        for _ in range(levels):
            value = [value]
        return value

    # The sheet object is level 1, "answers" level 2, the entry level 3: 17 lists reach level 20.
    assert parse_sheet(sheet(answers={"a": {"value": nested(17)}}))
    assert refusal(sheet(answers={"a": {"value": nested(18)}})) == "JSON nested too deeply (more than 20 levels)"


def test_at_most_a_hundred_thousand_values():
    # Counted by hand: the sheet's 3 keys, the 1 answer, the entry's 1 key ("value"), then the list's items.
    # 5 + 99,995 = 100,000 values exactly: accepted; one more is refused.
    fits = sheet(answers={"a": {"value": [0] * 99_995}})
    assert len(parse_sheet(fits)["answers"]["a"]["value"]) == 99_995
    over = sheet(answers={"a": {"value": [0] * 99_996}})
    assert refusal(over) == "too many values in the sheet (more than 100,000)"


@pytest.mark.parametrize("student", [None, "", "   ", 7, "x" * 101, ["ada"]])
def test_a_student_id_is_required(student):
    assert refusal(sheet(student=student)) == "missing or invalid student id"
    assert parse_sheet(sheet(student=student), require_student=False)["student"] == ""


def test_a_student_id_of_a_hundred_characters_is_kept():
    assert parse_sheet(sheet(student="x" * 100))["student"] == "x" * 100
    assert parse_sheet(sheet(student=" ada "), require_student=False)["student"] == " ada "


@pytest.mark.parametrize("answers", [[], "x", None, 3])
def test_answers_must_be_an_object(answers):
    raw = json.dumps({"format": "kit-answers/1", "student": "ada", "answers": answers}).encode()
    assert refusal(raw) == "'answers' is not an object"


def test_a_malformed_answer_is_marked_and_the_rest_read():
    data = parse_sheet(sheet(answers={"a": {"value": 1}, "b": [1], "c": {"time": "t"}, "d": "x"}))
    assert data["answers"] == {
        "a": {"value": 1},
        "b": {"value": None, "malformed": True},
        "c": {"value": None, "malformed": True},
        "d": {"value": None, "malformed": True},
    }


def test_lone_surrogates_become_visible_replacement_characters():
    raw = b'{"format": "kit-answers/1", "student": "ada\\ud800", "answers": {"k\\uDC00": {"value": ["x\\ud83d"]}}}'
    data = parse_sheet(raw)
    assert data["student"] == "ada\ufffd"
    assert data["answers"] == {"k\ufffd": {"value": ["x\ufffd"]}}
    json.dumps(data, ensure_ascii=False).encode("utf-8")  # writable
    # A real pair written as escapes is one character, kept as it is.
    pair = parse_sheet(b'{"format": "kit-answers/1", "student": "\\ud83d\\ude00", "answers": {}}')
    assert pair["student"] == "\U0001f600"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_read_submission_of_a_json_file_and_a_bundle(tmp_path):
    plain = tmp_path / "ada.json"
    plain.write_bytes(sheet())
    assert read_submission(plain)["student"] == "ada"
    bundle = tmp_path / "ada.zip"
    bundle.write_bytes(zipped({"answers/answer-sheet.json": sheet("grace"), "notebooks/01.ipynb": b"{}"}))
    assert read_submission(bundle)["student"] == "grace"
    disguised = tmp_path / "ada.json.txt"  # a zip under another name is still read as a zip
    disguised.write_bytes(bundle.read_bytes())
    assert read_submission(disguised)["student"] == "grace"


def reason(tmp_path, data: bytes, name="s.zip") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SubmissionError) as err:
        read_submission(path)
    return str(err.value)


def test_read_submission_refusals(tmp_path):
    assert reason(tmp_path, b"") == "damaged zip (not a complete zip file); ask the student to submit again"
    assert reason(tmp_path, b"PK\x03\x04 truncated", "s.json") == (
        "damaged zip (not a complete zip file); ask the student to submit again"
    )
    assert reason(tmp_path, zipped({"sheet.json": sheet()})) == (
        "zip has no answers/answer-sheet.json: not a kit submission"
    )
    assert reason(tmp_path, zipped({"../evil": b"x", "answers/answer-sheet.json": sheet()})) == (
        "zip entry with an unsafe path ('../evil')"
    )
    assert reason(tmp_path, zipped({"/abs": b"x"})) == "zip entry with an unsafe path ('/abs')"
    assert reason(tmp_path, zipped({"a\\..\\..\\b": b"x"})).startswith("zip entry with an unsafe path")
    many = {f"f{n}": b"" for n in range(200)}
    assert "zip holds too many files" not in reason(tmp_path, zipped(many))  # 200 is allowed (no sheet, though)
    many["f200"] = b""
    assert reason(tmp_path, zipped(many)) == "zip holds too many files (201)"
    big = zipped({"answers/answer-sheet.json": sheet(), "pad": b"\0" * (20 * 1024 * 1024 + 1)})
    assert reason(tmp_path, big) == "zip unpacks to more than 20 MiB (a zip bomb?)"
    large_sheet = sheet()[:-1] + b" " * (2 * 1024 * 1024) + b"}"
    assert reason(tmp_path, zipped({"answers/answer-sheet.json": large_sheet})) == (
        "answer sheet in the zip is too large"
    )
    assert reason(tmp_path, b"{}" + b" " * (5 * 1024 * 1024), "s.json") == "file too large (over 5120 KiB, the limit)"
    with pytest.raises(SubmissionError, match=r"^cannot read the file \("):
        read_submission(tmp_path / "nowhere.json")


def test_find_submissions_skips_what_is_not_a_submission(tmp_path):
    (tmp_path / "a").mkdir()
    for name in ("a/ada.json", "a/bob.ZIP", "a/notes.txt", "a/._ada.json", "collect-manifest.json", "c.json"):
        (tmp_path / name).write_bytes(b"{}")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "gradebook.json").write_bytes(b"{}")
    found = find_submissions([tmp_path], exclude=(tmp_path / "out",))
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/ada.json", "a/bob.ZIP", "c.json"]
    named = tmp_path / "a" / "notes.txt"  # a file named on the command line is taken as given
    assert find_submissions([named]) == [named]


MIB = 1024 * 1024


def test_zip_limits_at_their_edge(tmp_path):
    good = sheet("grace")
    exactly_20_mib = zipped({"answers/answer-sheet.json": good, "pad": b"\0" * (20 * MIB - len(good))})
    path = tmp_path / "at-limit.zip"
    path.write_bytes(exactly_20_mib)
    assert read_submission(path)["student"] == "grace"  # 20 MiB unpacked is allowed; one byte more is not
    two_mib_sheet = good[:-1] + b" " * (2 * MIB - len(good)) + b"}"
    assert len(two_mib_sheet) == 2 * MIB
    path.write_bytes(zipped({"answers/answer-sheet.json": two_mib_sheet}))
    assert read_submission(path)["student"] == "grace"


def test_a_long_unsafe_zip_entry_is_named_by_its_first_80_characters(tmp_path):
    name = "../" + "a" * 100
    assert reason(tmp_path, zipped({name: b"x"})) == f"zip entry with an unsafe path ({name[:80]!r})"


def test_a_large_sheet_in_a_zip_is_refused_without_reading_it_all(tmp_path):
    """A 19 MiB sheet (inside the 20 MiB unpacked limit) is refused after reading 2 MiB, not 19."""
    path = tmp_path / "big.zip"
    path.write_bytes(zipped({"answers/answer-sheet.json": b" " * (19 * MIB)}))
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError, match="^answer sheet in the zip is too large$"):
            read_submission(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB


def test_damaged_and_encrypted_zips(tmp_path):
    """Zips damaged by hand after zipfile wrote them (offsets from the ZIP APPNOTE: local header flags at 6,
    central directory header flags at 8)."""
    data = bytearray(zipped({"answers/answer-sheet.json": sheet()}))
    assert data[:4] == b"PK\x03\x04"
    bad_magic = b"XX\x03\x04" + bytes(data[4:])  # the central directory still points at a local header
    assert reason(tmp_path, bad_magic) == "damaged zip (Bad magic number for file header)"
    central = data.index(b"PK\x01\x02")
    data[6] |= 1  # general purpose flag bit 0: encrypted
    data[central + 8] |= 1
    assert reason(tmp_path, bytes(data)) == (
        "answer sheet in the zip is password-protected; ask the student to submit again"
    )
    data = bytearray(zipped({"answers/answer-sheet.json": sheet()}))
    central = data.index(b"PK\x01\x02")
    data[8:10] = data[central + 10 : central + 12] = (99).to_bytes(2, "little")  # method 99 (AES): not supported
    assert reason(tmp_path, bytes(data)) == "damaged zip (NotImplementedError)"


def test_read_submission_requires_a_student_unless_told_otherwise(tmp_path):
    path = tmp_path / "anon.json"
    path.write_bytes(sheet(student=""))
    with pytest.raises(SubmissionError, match="^missing or invalid student id$"):
        read_submission(path)
    assert read_submission(path, require_student=False)["student"] == ""  # a hub user vouches for it instead


def test_a_file_of_exactly_five_mib_passes_the_file_limit(tmp_path):
    five_mib = sheet()[:-1] + b" " * (5 * MIB - len(sheet())) + b"}"
    assert len(five_mib) == 5 * MIB
    assert reason(tmp_path, five_mib, "s.json") == "answer sheet too large"  # the 2 MiB sheet limit, next in line


def test_a_huge_file_is_refused_after_reading_five_mib(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(40 * MIB)  # a sparse 40 MiB file
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError, match=r"^file too large \(over 5120 KiB, the limit\)$"):
            read_submission(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * MIB


def test_an_integer_too_long_for_python_is_refused_with_its_reason():
    raw = b'{"format": "kit-answers/1", "student": "ada", "answers": {"x": {"value": ' + b"9" * 5000 + b"}}}"
    assert refusal(raw).startswith("not a readable answer sheet (Exceeds the limit (4300 digits)")


def test_lone_surrogates_written_with_capital_hex_digits():
    """JSON (RFC 8259) allows \\uD800 as well as \\ud800."""
    data = parse_sheet(b'{"format": "kit-answers/1", "student": "a\\uD800", "answers": {"x": {"value": "\\uDFFF"}}}')
    assert data["student"] == "a\ufffd"
    assert data["answers"]["x"]["value"] == "\ufffd"

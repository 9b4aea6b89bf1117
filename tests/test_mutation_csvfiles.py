"""Formula-safe CSV (kit/grading/csvfiles.py) against the OWASP CSV-injection rule and spreadsheet exports.

OWASP: a cell starting with = + - @ tab or carriage return is read as a formula; prefix it with an apostrophe.
The files read here are written by hand as a spreadsheet saves them (BOM, CRLF, semicolons, decimal comma).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from kit.core.errors import InputError
from kit.grading.csvfiles import parse_number, read_table, safe_cell, unsafe_cell, visible, write_csv


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_owasp_formula_start_is_quoted_and_read_back(start):
    cell = start + "HYPERLINK(1)"
    assert safe_cell(cell) == "'" + cell
    assert unsafe_cell(safe_cell(cell)) == cell


@pytest.mark.parametrize("cell", ["ada", "", "1+1", " =1", "'quoted", "Zoë", "a=b"])
def test_other_text_is_left_alone(cell):
    assert safe_cell(cell) == cell
    assert unsafe_cell(cell) == cell


@pytest.mark.parametrize("value", [3, 3.5, None, True])
def test_non_text_cells_are_left_alone(value):
    assert safe_cell(value) is value


def test_non_ascii_formula_and_lone_surrogates():
    assert safe_cell("=Zoë") == "'=Zoë"
    assert safe_cell("\ud800x") == "\ufffdx"
    assert safe_cell("=\udfff") == "'=\ufffd"
    assert visible("a\ud83db\udc00") == "a\ufffdb\ufffd"
    assert visible("\U0001f600") == "\U0001f600"  # a real character outside the BMP is kept


def test_unsafe_cell_only_removes_an_apostrophe_before_a_formula_start():
    assert unsafe_cell("'=x") == "=x"
    assert unsafe_cell("'x") == "'x"
    assert unsafe_cell("''=x") == "''=x"
    assert unsafe_cell("'") == "'"


def test_write_csv_writes_safe_cells_atomically(tmp_path):
    path = tmp_path / "out.csv"
    count = write_csv(path, ["student", "=total"], [["ada", 3], ["=cmd|' /C calc'!A0", "-1"]])
    assert count == 2
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["student", "'=total"], ["ada", "3"], ["'=cmd|' /C calc'!A0", "'-1"]]
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary left
    assert write_csv(path, ["a"], []) == 0
    assert path.read_bytes() == b"a\r\n"


def test_write_csv_leaves_no_temporary_when_a_row_fails(tmp_path):
    def rows():
        yield ["ok"]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_csv(tmp_path / "out.csv", ["a"], rows())
    assert list(tmp_path.iterdir()) == []


def write(tmp_path, data: bytes):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return path


def test_read_an_excel_export_with_bom_crlf_and_semicolons(tmp_path):
    path = write(tmp_path, "\ufeffStudent ; Score\r\nada;4,5\r\n;\r\nbob;3\r\n".encode())
    header, rows = read_table(path, "score file")
    assert header == ["student", "score"]
    assert rows == [(2, {"student": "ada", "score": "4,5"}), (4, {"student": "bob", "score": "3"})]


def test_read_tabs_and_short_rows(tmp_path):
    header, rows = read_table(write(tmp_path, b"a\tb\tc\n1\t2\n"), "file")
    assert header == ["a", "b", "c"]
    assert rows == [(2, {"a": "1", "b": "2", "c": ""})]


def test_read_commas_when_they_outnumber_semicolons(tmp_path):
    header, rows = read_table(write(tmp_path, b"a,b;c,d\n1,2;3,4\n"), "file")
    assert header == ["a", "b;c", "d"]


def test_read_refusals_name_the_file_and_the_fix(tmp_path):
    path = write(tmp_path, b"")
    with pytest.raises(InputError) as err:
        read_table(path, "roster")
    assert str(err.value) == f"The roster {path} is empty."
    write(tmp_path, b"a,b\n\xff\n")
    with pytest.raises(InputError) as err:
        read_table(path, "roster")
    assert str(err.value) == (
        f"The roster {path} is not UTF-8 text (bad byte at position 4). In your spreadsheet, save it as 'CSV UTF-8' "
        "and try again."
    )
    write(tmp_path, b'a,b\n"open\n')
    with pytest.raises(InputError, match=r"is not a well-formed CSV file \(.*\)\. Save it again as CSV\.$"):
        read_table(path, "roster")
    mib = 1024 * 1024
    exactly = b"a\n" + (b"x" * 999 + b"\n") * 1048 + b"x" * 573 + b"\n"
    assert len(exactly) == mib
    write(tmp_path, exactly)
    assert len(read_table(path, "roster", max_bytes=mib)[1]) == 1049  # at the limit: read
    write(tmp_path, exactly + b"x")
    with pytest.raises(InputError) as err:
        read_table(path, "roster", max_bytes=mib)
    assert str(err.value) == f"The roster {path} is larger than 1 MiB: is it the right file?"
    # A limit under a MiB is said in KiB or bytes, never "0 MiB".
    write(tmp_path, b"a\n" + b"x" * 600 + b"\n")
    for limit, said in [(512, "512 bytes"), (300, "300 bytes")]:
        with pytest.raises(InputError) as err:
            read_table(path, "roster", max_bytes=limit)
        assert str(err.value) == f"The roster {path} is larger than {said}: is it the right file?"
    with pytest.raises(InputError) as err:
        read_table(path, "roster", max_bytes=0)
    assert "larger than 0 bytes" in str(err.value)
    with pytest.raises(InputError, match=r"cannot be read \(.*\)\. Check the path\.$"):
        read_table(tmp_path / "missing.csv", "roster")


@pytest.mark.parametrize(
    "text, number",
    [("4", 4.0), ("4.5", 4.5), ("4,5", 4.5), (" 3 ", 3.0), ("0", 0.0), ("10.25", 10.25), ("007", 7.0)],
)
def test_numbers_typed_by_hand(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["", "4.", ".5", "-1", "+1", "1e9", "nan", "inf", "1,000.5", "1.2.3", "4,5,6", "x", "٣", "3.٣", "1 000"]
)
def test_anything_else_is_not_a_number(text):
    assert parse_number(text) is None


def test_a_nul_is_shown_as_a_replacement_character(tmp_path):
    assert safe_cell("a\x00b") == "a\ufffdb"
    assert safe_cell("\x00\x00") == "\ufffd\ufffd"
    assert safe_cell("=\x00") == "'=\ufffd"
    path = tmp_path / "out.csv"
    write_csv(path, ["note"], [["x\x00y"]])
    assert path.read_bytes() == "note\r\nx\ufffdy\r\n".encode()


def test_the_temporary_is_a_hidden_file_beside_the_target(tmp_path, monkeypatch):
    """A rename within one folder is atomic (POSIX rename(2)); a crash leaves at most a hidden .out.csv-….tmp."""
    renamed = []
    real_replace = os.replace

    def spy(source, target):
        renamed.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_csv(tmp_path / "out.csv", ["a"], [["1"]])
    [(source, target)] = renamed
    assert target == tmp_path / "out.csv"
    assert source.parent == tmp_path
    assert re.fullmatch(r"\.out\.csv-.+\.tmp", source.name)


def test_written_bytes_are_utf8_with_crlf_rows(tmp_path):
    """RFC 4180: CRLF between records; a line break inside a quoted cell is kept as it is."""
    path = tmp_path / "out.csv"
    write_csv(path, ["student", "feedback"], [["Zoë", "line one\nline two"], ["\u0430da", "ok"]])
    assert path.read_bytes() == (
        b"student,feedback\r\n" + "Zoë".encode() + b',"line one\nline two"\r\n' + "\u0430da".encode() + b",ok\r\n"
    )


def test_read_the_header_line_alone_to_choose_the_separator(tmp_path):
    header, rows = read_table(write(tmp_path, b"a,b\nx;y;z;w,v\n"), "file")
    assert header == ["a", "b"]
    assert rows == [(2, {"a": "x;y;z;w", "b": "v"})]


def test_read_old_mac_line_ends_and_line_breaks_inside_cells(tmp_path):
    header, rows = read_table(write(tmp_path, b"a,b\r1,2\r"), "file")  # CR alone: "CSV (Macintosh)"
    assert rows == [(2, {"a": "1", "b": "2"})]
    header, rows = read_table(write(tmp_path, b'a,b\r\n1,"two\r\nlines"\r\n'), "file")
    assert rows == [(2, {"a": "1", "b": "two\r\nlines"})]  # nothing in a cell is lost or changed


def test_a_failed_replace_leaves_no_temporary(tmp_path):
    (tmp_path / "out.csv").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        write_csv(tmp_path / "out.csv", ["a"], [["1"]])
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert list((tmp_path / "out.csv").iterdir()) == []


@pytest.mark.parametrize(
    "limit, said",
    [(20 * 1024 * 1024, "20 MiB"), (1024 * 1024, "1 MiB"), (1536, "1.5 KiB"), (1024, "1 KiB"), (1023, "1023 bytes")],
)
def test_the_size_limit_is_said_in_the_largest_whole_unit(tmp_path, limit, said):
    """IEC binary units: 1 KiB = 1,024 bytes, 1 MiB = 1,048,576 bytes."""
    path = write(tmp_path, b"a\n" + b"x" * limit)
    with pytest.raises(InputError) as err:
        read_table(path, "roster", max_bytes=limit)
    assert str(err.value) == f"The roster {path} is larger than {said}: is it the right file?"

"""CSV files an instructor opens in a spreadsheet: written safely, read forgivingly, refused clearly.

Writing: every text cell that a spreadsheet would read as a formula (it starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: the OWASP rule) gets a
leading apostrophe, so ``=HYPERLINK(...)`` typed by a student shows as text.
Text that cannot be encoded (a lone surrogate from JSON) becomes U+FFFD, visibly.

Reading: a file saved by Excel or LibreOffice (byte-order mark, CRLF, semicolons,
a decimal comma) is read; anything else is refused with a message naming the
file, the line and the column.

>>> safe_cell("=1+1"), safe_cell("-x"), safe_cell("ada"), safe_cell(3.5)
("'=1+1", "'-x", 'ada', 3.5)
>>> unsafe_cell("'=1+1"), unsafe_cell("'ok")
('=1+1', "'ok")
>>> parse_number("4,5"), parse_number(" 3 "), parse_number("1e9")
(4.5, 3.0, None)
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

from kit.core.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    r"""A cell a spreadsheet shows as text: formula-leading text gets a leading apostrophe; a NUL shows as U+FFFD.

    >>> safe_cell("=1+1"), safe_cell("a\x00b")
    ("'=1+1", 'a\ufffdb')
    """
    if isinstance(value, str):
        if not value.isascii():  # ASCII holds no lone surrogate: most cells skip the encoding test
            value = visible(value)
        if "\x00" in value:  # many CSV readers stop at a NUL: show it, do not pass it on
            value = value.replace("\x00", "\ufffd")
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """Undo :func:`safe_cell` on a cell read back (a spreadsheet may or may not keep the apostrophe)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def visible(text: str) -> str:
    """``text`` with any lone surrogate replaced by U+FFFD (so it can be written as UTF-8)."""
    try:
        text.encode()  # str.encode is UTF-8 by default
        return text
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)  # a character class: linear, no backtracking


def write_csv(path: Path, header: list[str], rows) -> int:
    """Write ``rows`` under ``header`` into ``path`` atomically (a crash never leaves half a file); return the count."""
    path = Path(path)
    buffer = io.StringIO()  # built in memory (a class's rows), then written as bytes: no platform newline translation
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
        count += 1
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(buffer.getvalue().encode())  # str.encode's default is UTF-8 on every platform
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count


def read_table(path: Path, what: str, max_bytes: int = 20 * 1024 * 1024) -> tuple[list[str], list[tuple[int, dict]]]:
    """Read a CSV saved by a spreadsheet: header names (lower case) and ``(line, row)`` pairs.

    Accepts UTF-8 with or without a byte-order mark, LF or CRLF, and a comma,
    semicolon or tab as separator (the one the header line uses most).
    Raises :class:`InputError` for a file that cannot be read that way.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"The {what} {path} cannot be read ({err.strerror}). Check the path.") from None
    if len(raw) > max_bytes:
        raise InputError(f"The {what} {path} is larger than {_size(max_bytes)}: is it the right file?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"The {what} {path} is not UTF-8 text (bad byte at position {err.start}). In your spreadsheet, "
            "save it as 'CSV UTF-8' and try again."
        ) from None
    first = text.partition("\n")[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise InputError(f"The {what} {path} is not a well-formed CSV file ({err}). Save it again as CSV.") from None
    if not rows:
        raise InputError(f"The {what} {path} is empty.")
    header = [h.strip().lower() for h in rows[0]]
    table = []
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        table.append((line, {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}))
    return header, table


def parse_number(text: str) -> float | None:
    """A plain decimal number, with a point or a comma as decimal mark; None for anything else.

    No exponents, no thousands separators, no 'nan' or 'inf': a score is typed by hand.
    """
    text = text.strip().replace(",", ".")  # a second comma or point fails the digit test either way
    whole, _, fraction = text.partition(".")
    if not whole.isdigit() or (fraction and not fraction.isdigit()) or (_ and not fraction):
        return None
    if not (whole.isascii() and fraction.isascii()):
        return None
    return float(text)


def _size(n_bytes: int) -> str:
    """A byte count as people read it.

    >>> _size(20 * 1024 * 1024), _size(1536), _size(300)
    ('20 MiB', '1.5 KiB', '300 bytes')
    """
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.3g} {unit}"
    return f"{n_bytes} bytes"

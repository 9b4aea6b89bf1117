"""Property-based and adversarial tests of the submission reader: any input, linear time, never a crash.

Each example has a time budget (hypothesis ``deadline``); the adversarial inputs are 1 MB each.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.core.errors import SubmissionError
from kit.grading.csvfiles import parse_number, safe_cell
from kit.grading.identity import display_id, id_key
from kit.grading.submissions import parse_sheet, read_submission

BUDGET_MS = 1000
MB = 1024 * 1024
QUICK = settings(deadline=BUDGET_MS, max_examples=150, suppress_health_check=[HealthCheck.too_slow])


def outcome(raw: bytes):
    """The reader's result: a sheet, or a SubmissionError; anything else fails the test."""
    try:
        return parse_sheet(raw)
    except SubmissionError as err:
        return err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


@QUICK
@given(st.binary(max_size=4096))
def test_any_bytes_give_a_sheet_or_a_reason(raw):
    outcome(raw)


@QUICK
@given(st.text(max_size=30), st.dictionaries(st.text(max_size=20), json_values, max_size=8))
def test_any_sheet_shaped_json_is_read_and_every_answer_kept(student, answers):
    data = {"format": "kit-answers/1", "student": student, "answers": answers}
    result = outcome(json.dumps(data).encode())
    if isinstance(result, dict):
        assert set(result["answers"]) == {k for k in answers}  # nothing dropped
        json.dumps(result, ensure_ascii=False).encode("utf-8")  # always writable as UTF-8


@QUICK
@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_ids_normalise_and_display_safely(raw):
    key, shown = id_key(raw), display_id(raw)
    assert id_key(key) == key  # idempotent
    assert shown.isprintable() or shown == ""
    assert id_key(raw.upper()) == id_key(raw.lower()) or not raw.isascii()


@QUICK
@given(st.text(max_size=40))
def test_csv_cells_never_start_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    parse_number(text)  # never raises


def adversarial() -> dict[str, bytes]:
    """1 MB inputs aimed at parsers that backtrack or recurse."""
    head = b'{"format": "kit-answers/1", "student": "x", "answers": {"a": {"value": '
    return {
        "quotes": b'"' * MB,
        "backslashes": b'"' + b"\\" * MB,
        "escaped-quotes": head + b'"' + b'\\"' * (MB // 2),
        "open-brackets": b"[" * MB,
        "open-objects": b'{"a":' * (MB // 5),
        "digits": head + b"1" * MB + b"}}}",
        "spaces-and-commas": head + b'"' + b"1, " * (MB // 3) + b'"}}}',
        "surrogates": head + b'"' + b"\\ud800" * (MB // 6) + b'"}}}',
        "many-keys": b'{"format": "kit-answers/1", "student": "x", "answers": {'
        + b",".join(b'"k%d": {"value": 1}' % i for i in range(MB // 20))
        + b"}}",
        "long-id": b'{"format": "kit-answers/1", "student": "' + b"a" * MB + b'", "answers": {}}',
        "nul-bytes": b"\x00" * MB,
    }


@pytest.mark.parametrize("name", sorted(adversarial()))
def test_adversarial_megabyte_inputs_are_handled_in_linear_time(name, tmp_path):
    raw = adversarial()[name]
    started = time.perf_counter()
    outcome(raw)
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("answers/answer-sheet.json", raw)
    with contextlib.suppress(SubmissionError):
        read_submission(path)
    assert time.perf_counter() - started < BUDGET_MS / 1000 * 2, name


@pytest.mark.filterwarnings("ignore:Duplicate name")
@QUICK
@given(st.lists(st.tuples(st.text(max_size=30), st.binary(max_size=200)), max_size=6))
def test_any_zip_gives_a_sheet_or_a_reason(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, data in entries:
            if name.split("\x00")[0]:  # zipfile cuts a name at NUL and cannot write an empty one
                bundle.writestr(name, data)
    path = __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "s.zip"
    path.write_bytes(buffer.getvalue())
    with contextlib.suppress(SubmissionError):
        read_submission(path)

"""Who a submission belongs to (kit/grading/identity.py), against Unicode's own data and hand-built manifests.

Expected values come from outside the module: characters named by their Unicode code points and categories
(U+200B ZERO WIDTH SPACE is a format character, Cf; U+2028 is LINE SEPARATOR, Zl; U+2029 is PARAGRAPH SEPARATOR,
Zp; U+0430 CYRILLIC SMALL LETTER A is drawn like Latin a), Python's own escapes (``ascii()``), SHA-256 digests
from hashlib, epoch seconds from ``calendar.timegm``, and ``kit collect`` manifests written here by hand as JSON.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import time
from pathlib import Path

import pytest

from kit.core.errors import SubmissionError
from kit.grading.identity import display_id, id_key, loose_key, near_duplicates, origins, sha256_of, terminal_safe
from kit.grading.submissions import find_submissions

VILNIUS_NOON_UTC = calendar.timegm((2023, 7, 11, 12, 0, 0))  # 11 July 2023, 12:00 UTC


# --- ids in normal form -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "ab123",
        "AB123",  # case
        "ab 123",  # a space typed in the middle
        "ab\t123",  # a tab
        "ab\u00a0123",  # NO-BREAK SPACE
        "ab\u200b123",  # ZERO WIDTH SPACE (Cf)
        "\u202eab123",  # RIGHT-TO-LEFT OVERRIDE (Cf)
        "\uff41\uff42\uff11\uff12\uff13",  # FULLWIDTH a b 1 2 3 (NFKC folds them)
        " ab123\n",
    ],
)
def test_ids_typed_differently_are_one_student(typed):
    assert id_key(typed) == "ab123"


def test_case_folding_follows_unicode():
    assert id_key("STRASSE") == id_key("straße") == "strasse"  # ß case-folds to ss (Unicode CaseFolding.txt)
    assert id_key("\u0430b123") != "ab123"  # a Cyrillic а is another letter: a near-duplicate, not the same id


def test_loose_key_drops_accents_separators_and_look_alikes():
    assert loose_key("ab") == "ab"
    assert loose_key("Zoë-Smith") == loose_key("zoe.smith") == "zoesmith"
    assert loose_key("\u0430b123") == "ab123"  # CYRILLIC SMALL LETTER A
    assert loose_key("\u03bfmega") == "omega"  # GREEK SMALL LETTER OMICRON
    assert loose_key("\u0456van") == "ivan"  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I


def test_near_duplicates_group_look_alike_ids_only():
    ids = ["ab123", "\u0430b123", "AB123", "zoe.smith", "Zoë-Smith", "bob"]
    assert near_duplicates(ids) == [["AB123", "ab123", "\u0430b123"], ["Zoë-Smith", "zoe.smith"]]
    assert near_duplicates(["AB123", "ab123"]) == []  # one student typed twice: not a near-duplicate


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("ab\u200b123", "ab123"),  # Cf: removed
        ("ab\u2028123", "ab123"),  # Zl: removed
        ("ab\u2029123", "ab123"),  # Zp: removed
        ("\u202eab123", "ab123"),  # bidi override: removed
        ("  zoë  ", "zoë"),  # trimmed; a printable letter is kept as it is
        ("ab\x1b[31m123", "ab\\x1b[31m123"),  # ESC (Cc) shown as an escape, never sent to the terminal
        ("ab\x07", "ab\\x07"),  # BEL
        ("\uff41b", "ab"),  # NFKC
    ],
)
def test_display_id(raw, shown):
    assert display_id(raw) == shown


def test_terminal_safe_escapes_exactly_the_unprintable_characters():
    assert terminal_safe("zoë") == "zoë"
    assert terminal_safe("zoë\x1b") == "zoë\\x1b"
    assert terminal_safe("a\x00b\x7f") == "a\\x00b\\x7f"
    assert terminal_safe("\ud800") == "\\ud800"  # a lone surrogate
    assert terminal_safe("it's\x1b") == "it's\\x1b"
    assert terminal_safe("a\\b\n") == "a\\b\\n"  # a printable backslash stays one character


def test_sha256_of_a_file_larger_than_one_read(tmp_path):
    data = bytes(range(256)) * 20_000  # 5 MB
    path = tmp_path / "big.zip"
    path.write_bytes(data)
    assert sha256_of(path) == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty").write_bytes(b"")
    assert sha256_of(tmp_path / "empty") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# --- the collect manifest ------------------------------------------------------------------------------------

COLLECTED = "identity: the hub user recorded by kit collect (authenticated); newest by the exchange's receipt time"
PLAIN = "identity: the id written in each sheet (normalised); newest by file modification time on this disk"


def find(paths):
    return find_submissions(paths)


def collect_folder(tmp_path: Path, entries, files=None, name="collected") -> Path:
    """A ``kit collect`` folder: ``files`` (name -> bytes) and a manifest listing ``entries`` as written."""
    folder = tmp_path / name
    folder.mkdir()
    for file_name, data in (files or {}).items():
        (folder / file_name).parent.mkdir(parents=True, exist_ok=True)
        (folder / file_name).write_bytes(data)
    manifest = {"format": "kit-collect/1", "submissions": entries}
    (folder / "collect-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def good_entry(file="ada.json", data=b"{}", **changes):
    entry = {
        "file": file,
        "hub_user": "ada",
        "received_at": "2023-07-11T12:00:00Z",
        "sha256": hashlib.sha256(data).hexdigest(),
        "versions": 1,
    }
    entry.update(changes)
    return entry


def one(tmp_path, entry, files=None):
    folder = collect_folder(tmp_path, [entry], files if files is not None else {"ada.json": b"{}"})
    found, how = origins([folder], find)
    assert how == COLLECTED
    return folder, found[0]


def test_a_good_manifest_entry(tmp_path):
    folder, origin = one(tmp_path, good_entry())
    assert (origin.path, origin.hub_user, origin.error) == (folder / "ada.json", "ada", "")
    assert origin.order == VILNIUS_NOON_UTC
    assert origin.order_source == "received by the exchange"
    assert origin.sha256 == hashlib.sha256(b"{}").hexdigest()
    assert origin.versions == 1


@pytest.fixture
def tokyo_time(monkeypatch):
    """The local time zone is Tokyo's (UTC+9), so that a time read as local time would be 9 hours off."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    "received",
    ["2023-07-11T12:00:00Z", "2023-07-11T12:00:00+00:00", "2023-07-11T21:00:00+09:00", "2023-07-11T12:00:00"],
)
def test_receipt_times_are_read_in_their_zone_and_naive_ones_as_utc(tmp_path, tokyo_time, received):
    _, origin = one(tmp_path, good_entry(received_at=received))
    assert origin.order == VILNIUS_NOON_UTC


@pytest.mark.parametrize("received", ["yesterday", None, "2023-13-01T00:00:00", "x" * 50])
def test_a_bad_receipt_time_is_an_error_naming_it(tmp_path, received):
    _, origin = one(tmp_path, good_entry(received_at=received))
    assert origin.error == (
        f"collect-manifest.json, submission 1: received_at {str(received)[:40]!r} is not an ISO 8601 time"
    )
    assert origin.hub_user == "ada"


@pytest.mark.parametrize("versions, counted", [(3, 3), (1, 1), (0, 1), (-2, 1), ("3", 1), (None, 1), (2.5, 1)])
def test_versions_received(tmp_path, versions, counted):
    _, origin = one(tmp_path, good_entry(versions=versions))
    assert origin.versions == counted
    assert origin.error == ""


def test_a_missing_version_count_is_one(tmp_path):
    entry = good_entry()
    del entry["versions"]
    assert one(tmp_path, entry)[1].versions == 1


def test_a_file_in_a_subfolder_written_with_backslashes(tmp_path):
    data = b'{"x": 1}'
    folder, origin = one(tmp_path, good_entry("ada\\sheet.json", data), {"ada/sheet.json": data})
    assert (origin.path, origin.error) == (folder / "ada" / "sheet.json", "")


@pytest.mark.parametrize("file", ["../evil.json", "..\\evil.json", "/etc/evil.json", "sub/../../evil.json"])
def test_unsafe_file_paths_are_refused(tmp_path, file):
    folder, origin = one(tmp_path, good_entry(file))
    assert origin.path == folder / "(collect-manifest.json, submission 1)"
    assert origin.error == f"collect-manifest.json, submission 1: unsafe file path {file!r}"


def test_an_unsafe_path_is_shown_without_its_control_characters(tmp_path):
    _, origin = one(tmp_path, good_entry("../\x1b[2J.json"))
    assert origin.error == "collect-manifest.json, submission 1: unsafe file path '../\\\\x1b[2J.json'"


def test_entries_that_are_not_objects_or_name_no_file(tmp_path):
    entries = ["ada.json", {"hub_user": "bob"}, {"file": "", "hub_user": "eve"}, {"file": 3, "hub_user": "eve"}]
    folder = collect_folder(tmp_path, entries, {"ada.json": b"{}"})
    found, _ = origins([folder], find)
    expected = [
        (1, "collect-manifest.json, submission 1 is not an object"),
        (2, "collect-manifest.json, submission 2 names no file"),
        (3, "collect-manifest.json, submission 3 names no file"),
        (4, "collect-manifest.json, submission 4 names no file"),
    ]
    for origin, (number, error) in zip(found, expected, strict=False):
        assert origin.path == folder / f"(collect-manifest.json, submission {number})"
        assert origin.error == error
    assert found[4].path == folder / "ada.json"  # on disk, listed by no valid entry: not graded
    assert found[4].error == "not listed in collect-manifest.json: not graded (it has no authenticated owner)"
    assert len(found) == 5


@pytest.mark.parametrize("hub_user", [None, "", "   ", "\u200b\u200d", 42])
def test_an_entry_without_a_hub_user(tmp_path, hub_user):
    folder, origin = one(tmp_path, good_entry(hub_user=hub_user))
    assert origin.path == folder / "ada.json"
    assert origin.error == "collect-manifest.json, submission 1 has no hub user"
    assert origin.hub_user == ""


def test_a_listed_file_that_is_missing(tmp_path):
    folder, origin = one(tmp_path, good_entry("gone\x07.json"), {})
    assert origin.path == folder / "gone\x07.json"
    assert origin.error == "collect-manifest.json, submission 1: file 'gone\\\\x07.json' is missing"


@pytest.mark.parametrize("recorded", ["0" * 64, "", None, "none", "XXXX"])
def test_a_file_changed_since_collection(tmp_path, recorded):
    entry = good_entry(sha256=recorded)
    if recorded is None:
        del entry["sha256"]
    _, origin = one(tmp_path, entry)
    assert origin.error == (
        "the file's SHA-256 differs from the one recorded at collection: changed since? Collect again."
    )


def test_a_digest_recorded_in_capitals_matches(tmp_path):
    entry = good_entry(sha256=hashlib.sha256(b"{}").hexdigest().upper())
    assert one(tmp_path, entry)[1].error == ""


def test_a_manifest_saved_with_a_byte_order_mark_and_a_non_ascii_user(tmp_path):
    folder = tmp_path / "collected"
    folder.mkdir()
    (folder / "zoe.json").write_bytes(b"{}")
    manifest = {"format": "kit-collect/1", "submissions": [good_entry("zoe.json", hub_user="zoë")]}
    (folder / "collect-manifest.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(manifest, ensure_ascii=False).encode())
    found, _ = origins([folder], find)
    assert (found[0].hub_user, found[0].error) == ("zoë", "")


@pytest.mark.parametrize(
    "manifest, reason",
    [
        ({"format": "kit-collect/2", "submissions": []}, "format 'kit-collect/2', expected 'kit-collect/1'"),
        ({"submissions": []}, "format None, expected 'kit-collect/1'"),
        ({"format": "kit-collect/1", "submissions": {}}, "format 'kit-collect/1', expected 'kit-collect/1'"),
        ({"format": "kit-collect/1"}, "format 'kit-collect/1', expected 'kit-collect/1'"),
    ],
)
def test_an_unreadable_manifest_stops_with_what_to_do(tmp_path, manifest, reason):
    folder = tmp_path / "collected"
    folder.mkdir()
    path = folder / "collect-manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(SubmissionError) as err:
        origins([folder], find)
    assert str(err.value) == (
        f"{path} cannot be read ({reason}). Run `kit collect` again, or remove the manifest to grade the "
        "folder by the ids written in the sheets."
    )


def test_a_manifest_that_is_not_json_or_not_utf8(tmp_path):
    folder = tmp_path / "collected"
    folder.mkdir()
    path = folder / "collect-manifest.json"
    for data in (b"{", b"[]", b'{"format": "kit-collect/1", "submissions": [\xff]}'):
        path.write_bytes(data)
        with pytest.raises(SubmissionError, match=r"cannot be read \(.+\)\. Run `kit collect` again"):
            origins([folder], find)


def test_plain_folders_and_collected_folders_together(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "bob.json").write_bytes(b"{}")
    collected = collect_folder(tmp_path, [good_entry()], {"ada.json": b"{}"})
    found, how = origins([plain, collected], find)
    assert [o.path for o in found] == [plain / "bob.json", collected / "ada.json"]
    assert how == COLLECTED  # one collected folder: its rule is the one said
    assert found[0].order == (plain / "bob.json").stat().st_mtime
    assert found[0].order_source == "file time"
    found, how = origins([collected, plain], find)
    assert [o.path for o in found] == [collected / "ada.json", plain / "bob.json"]
    found, how = origins([plain, plain / "bob.json"], find)
    assert how == PLAIN
    assert [o.path for o in found] == [plain / "bob.json", plain / "bob.json"]


def test_a_file_that_vanishes_between_listing_and_reading(tmp_path):
    gone = tmp_path / "gone.json"
    found, how = origins([tmp_path], lambda paths: [gone])
    assert how == PLAIN
    assert len(found) == 1
    assert found[0].path == gone
    assert found[0].error == "cannot read the file (No such file or directory)"

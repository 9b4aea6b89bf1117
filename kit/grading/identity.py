"""Who a submission belongs to, and which of a student's submissions counts.

A student id is text the student typed, so it is compared in a normal form: Unicode
NFKC, case folded, with invisible and control characters (zero-width spaces, bidi
marks, tabs...) removed. Ids that differ only in those ways are one student; ids
that differ only in accents, separators or look-alike letters (a Cyrillic а for a Latin a) are reported as
near-duplicates.
An id is never printed raw: control characters are shown as escapes.

Two sources of identity:

- a ``kit collect`` folder (``collect-manifest.json``, format ``kit-collect/1``): the
  student is the authenticated hub user, versions are ordered by the exchange's
  receipt time, and each file's SHA-256 is checked;
- a plain folder: the student is the sheet's own id (normalised), and versions are
  ordered by the file's modification time on the instructor's disk (never by a time
  written inside the sheet, which the student controls).

>>> id_key("AB123"), id_key("ab\\u200b123"), id_key("ａｂ１２３")
('ab123', 'ab123', 'ab123')
>>> display_id("ab\\x1b[31m123")
'ab\\\\x1b[31m123'
>>> loose_key("zoë.smith") == loose_key("Zoe-Smith"), loose_key("\u0430b123") == loose_key("ab123")
(True, True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kit.core.errors import SubmissionError

MANIFEST = "collect-manifest.json"
MANIFEST_FORMAT = "kit-collect/1"
_HIDDEN = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}


def _visible_chars(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) not in _HIDDEN)


def id_key(raw: str) -> str:
    """The form in which two ids are compared: NFKC, case folded, invisible characters and spaces removed."""
    text = str(raw)
    for _ in range(4):  # NFKC and case folding can each undo the other's form: repeat until stable
        folded = unicodedata.normalize("NFKC", "".join(_visible_chars(text).split()).casefold())
        if folded == text:
            break
        text = folded
    return text


# Cyrillic and Greek letters drawn like Latin ones (after case folding): "аb123" with a Cyrillic а looks like "ab123".
_LOOK_ALIKE = str.maketrans(
    "аеорсухіјѕԁһӏԛԝкмтвнαορικνυχτ",  # noqa: RUF001 - the look-alikes are the point
    "aeopcyxijsdhlqwkmtbhaopikvuxt",
)


def loose_key(raw: str) -> str:
    """A looser form, to warn about near-duplicates: no accents, no separators, look-alike letters as Latin ones."""
    text = unicodedata.normalize("NFKD", id_key(raw)).translate(_LOOK_ALIKE)
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def display_id(raw: str) -> str:
    """The id as shown in reports, LMS files and on the terminal: NFKC, trimmed, invisible format characters
    (zero-width spaces, bidi marks) removed, control characters shown as escapes."""
    text = unicodedata.normalize("NFKC", str(raw))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Zl", "Zp")).strip()
    return terminal_safe(text)


def terminal_safe(text: str) -> str:
    """``text`` with every non-printable character (escapes, bidi marks, lone surrogates) shown as an escape."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, hashlib.sha256).hexdigest()  # reads in blocks: memory stays bounded


@dataclass
class Origin:
    """Where a submission file came from, as far as the instructor can trust it."""

    path: Path
    hub_user: str = ""  # authenticated identity (kit collect), empty for a plain folder
    order: float = 0.0  # larger is newer
    order_source: str = "file time"
    sha256: str = ""
    versions: int = 1
    notes: list[str] = field(default_factory=list)
    error: str = ""


def origins(paths: list[Path], find) -> tuple[list[Origin], str]:
    """Every submission file under ``paths`` with its origin, and a sentence saying how identity was decided.

    ``find`` lists the submission files of a folder (it must skip the manifest).
    """
    found: list[Origin] = []
    collected = False
    for path in paths:
        manifest = path / MANIFEST  # under a file rather than a folder, is_file() is simply False
        if manifest.is_file():
            collected = True
            found += _from_manifest(path, manifest, find)
        else:
            for file in find([path]):
                try:
                    found.append(Origin(file, order=file.stat().st_mtime))
                except OSError as err:
                    found.append(Origin(file, error=f"cannot read the file ({err.strerror})"))
    if collected:
        how = "identity: the hub user recorded by kit collect (authenticated); newest by the exchange's receipt time"
    else:
        how = "identity: the id written in each sheet (normalised); newest by file modification time on this disk"
    return found, how


def _from_manifest(folder: Path, manifest: Path, find) -> list[Origin]:
    try:
        data = json.loads(manifest.read_bytes())  # JSON is UTF-8 (RFC 8259); json detects it, BOM or not
        if data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("submissions"), list):
            raise ValueError(f"format {data.get('format')!r}, expected {MANIFEST_FORMAT!r}")
    except (OSError, ValueError, AttributeError) as err:
        raise SubmissionError(
            f"{manifest} cannot be read ({err}). Run `kit collect` again, or remove the manifest to grade the "
            "folder by the ids written in the sheets."
        ) from None
    listed: set[Path] = set()
    found = []
    for number, entry in enumerate(data["submissions"], 1):
        origin = _entry(folder, number, entry)
        listed.add(origin.path.resolve())
        found.append(origin)
    for file in find([folder]):
        if file.resolve() not in listed:
            found.append(Origin(file, error=f"not listed in {MANIFEST}: not graded (it has no authenticated owner)"))
    return found


def _entry(folder: Path, number: int, entry) -> Origin:
    where = f"{MANIFEST}, submission {number}"
    if not isinstance(entry, dict):
        return Origin(folder / f"({where})", error=f"{where} is not an object")
    relative = entry.get("file")
    hub_user = entry.get("hub_user")
    if not isinstance(relative, str) or not relative:
        return Origin(folder / f"({where})", error=f"{where} names no file")
    parts = PurePosixPath(relative.replace("\\", "/"))
    path = folder / parts
    if parts.is_absolute() or ".." in parts.parts:
        return Origin(folder / f"({where})", error=f"{where}: unsafe file path {terminal_safe(relative)!r}")
    if not isinstance(hub_user, str) or not id_key(hub_user):
        return Origin(path, error=f"{where} has no hub user")
    origin = Origin(path, hub_user=hub_user, order_source="received by the exchange")
    try:
        received = dt.datetime.fromisoformat(str(entry.get("received_at")))  # Python 3.11+ reads a final Z
        if received.tzinfo is None:
            received = received.replace(tzinfo=dt.UTC)
        origin.order = received.timestamp()
    except ValueError:
        origin.error = f"{where}: received_at {str(entry.get('received_at'))[:40]!r} is not an ISO 8601 time"
        return origin
    versions = entry.get("versions")
    origin.versions = versions if isinstance(versions, int) and versions > 0 else 1
    if not path.is_file():
        origin.error = f"{where}: file {terminal_safe(relative)!r} is missing"
        return origin
    origin.sha256 = sha256_of(path)
    expected = str(entry.get("sha256")).lower()  # absent: "none", which no SHA-256 digest equals
    if origin.sha256 != expected:
        origin.error = "the file's SHA-256 differs from the one recorded at collection: changed since? Collect again."
    return origin


def near_duplicates(ids: list[str]) -> list[list[str]]:
    """Groups of distinct ids that look alike (same letters once accents and separators are dropped).

    >>> near_duplicates(["zoe.smith", "Zoë-Smith", "bob"])
    [['Zoë-Smith', 'zoe.smith']]
    """
    groups: dict[str, set[str]] = {}
    for raw in ids:
        groups.setdefault(loose_key(raw), set()).add(raw)
    return [sorted(g) for g in groups.values() if len({id_key(i) for i in g}) > 1]

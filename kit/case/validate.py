"""Read a case directory and check it: every problem names the file, the row and the field.

>>> from kit.core.paths import SEEDS
>>> report = validate_case(SEEDS)  # the kit's own seeds/, wherever Python was started
>>> report.ok
True
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kit.case.schema import (
    ARTICLE_FILE,
    NOT_STATED,
    NOTES_PATHS,
    POINT_KINDS,
    QUESTIONS,
    TABLES,
    TREATY_FILE,
    Column,
    Table,
)
from kit.geography.treaty import parse_treaty

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]*$")


@dataclass(frozen=True)
class Problem:
    """One fault in one place: a file, a line (0 for the whole file), a row id, a field."""

    file: str
    line: int
    row_id: str
    field: str
    expected: str
    found: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", line {self.line}"
        if self.row_id:
            where += f" (row {self.row_id!r})"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: expected {self.expected}; found {self.found}."


@dataclass
class CaseFiles:
    """What was read from a case directory: texts, typed rows per table, and problems."""

    directory: Path
    article: str = ""
    treaty_text: str = ""
    notes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """A readable report, one line per problem."""
        name = str(self.directory)
        if self.ok:
            counts = ", ".join(f"{len(rows)} {table}" for table, rows in self.rows.items())
            return f"{name}: valid ({counts})."
        lines = [f"{name}: {len(self.problems)} problem(s) found."]
        lines += [f"  - {p}" for p in self.problems]
        lines.append("Fix each line above in the file it names, then run `python -m kit validate` again.")
        return "\n".join(lines)


def validate_case(directory: Path) -> CaseFiles:
    """Read and check every file of a case directory. Never writes to it."""
    case = CaseFiles(Path(directory))
    case.article = _read_text(case, ARTICLE_FILE)
    case.treaty_text = _read_text(case, TREATY_FILE)
    case.notes = {name: _read_text(case, relative) for name, relative in NOTES_PATHS.items()}
    for table in TABLES.values():
        _read_table(case, table)
    if case.rows:
        _check_references(case)
        _check_article_record(case)
        _check_statements(case)
        _check_stances(case)
        _check_context(case)
        _check_sources(case)
        _check_treaty(case)
        _check_sovereignty(case)
        _check_partners(case)
        _check_roles(case)
        _check_evidence(case, "options")
        _check_glossary(case)
    return case


def quoted_spans(text: str) -> list[str]:
    """The stretches of each line that stand between straight double quotation marks, in order.

    A quotation in the research notes never runs past its line, and inner quotation marks are printed as
    single quotes, so pairing the marks line by line finds every quotation (a linear scan, no regex).

    >>> quoted_spans('He said "yes" and "no", then "maybe')
    ['yes', 'no']
    """
    spans = []
    for line in text.splitlines():
        parts = line.split('"')
        spans += parts[1 : len(parts) - 1 : 2]  # an unpaired last mark opens nothing
    return spans


def is_quotation_in(words: str, text: str) -> bool:
    """True when ``words`` lie inside one quotation of ``text``, not merely somewhere in it.

    >>> is_quotation_in("yes", 'He said "yes, then".'), is_quotation_in("He said", 'He said "yes".')
    (True, False)
    """
    return any(words in span for span in quoted_spans(text))


def _read_text(case: CaseFiles, relative: str) -> str:
    path = case.directory / relative
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        case.problems.append(Problem(relative, 0, "", "", "the file to exist", "no such file"))
    except UnicodeDecodeError as err:
        case.problems.append(Problem(relative, 0, "", "", "UTF-8 text", f"undecodable bytes at byte {err.start}"))
    except OSError as err:
        case.problems.append(Problem(relative, 0, "", "", "a readable file", f"{err.strerror or err}"))
    return ""


def _read_table(case: CaseFiles, table: Table) -> None:
    text = _read_text(case, table.file)
    case.rows[table.name], case.lines[table.name] = [], []
    if not text:
        return
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = reader.fieldnames or []
    missing = [c.name for c in table.columns if c.name not in header]
    for name in missing:
        case.problems.append(
            Problem(
                table.file, 1, "", name, f"a column {name!r} in the header", f"columns {', '.join(header) or 'none'}"
            )
        )
    if missing:
        return
    seen: dict[str, int] = {}
    id_column = "id" if "id" in table.names else ""
    for record in reader:
        line = reader.line_num
        if None in record:
            case.problems.append(
                Problem(table.file, line, "", "", f"{len(header)} cells", f"{len(header) + len(record[None])} cells")
            )
            continue
        row_id = (record.get(id_column) or "") if id_column else ""
        label = row_id or "/".join(record.get(c.name) or "" for c in table.columns[:2])
        typed = {}
        for column in table.columns:
            typed[column.name] = _convert(case, table, column, record.get(column.name) or "", line, label)
        if id_column:
            if row_id in seen:
                case.problems.append(
                    Problem(table.file, line, row_id, "id", "a unique id", f"the same id as line {seen[row_id]}")
                )
            seen.setdefault(row_id, line)
        case.rows[table.name].append(typed)
        case.lines[table.name].append(line)


def _convert(case: CaseFiles, table: Table, column: Column, raw: str, line: int, row_id: str):
    def fault(expected: str) -> None:
        case.problems.append(Problem(table.file, line, row_id, column.name, expected, repr(raw) if raw else "nothing"))

    value = raw.strip()
    if not value:
        if column.required:
            fault("a value (this field is required)")
        return () if column.kind in ("refs", "tags") else None
    kind = column.kind
    if kind == "id" and not _ID.match(value):
        fault("an id of letters, digits, '-' and '.'")
    elif kind in ("int", "float"):
        try:
            number = int(value) if kind == "int" else float(value)
        except ValueError:
            fault("a whole number" if kind == "int" else "a number")
            return None
        if (column.low is not None and number < column.low) or (column.high is not None and number > column.high):
            fault(
                f"a number from {column.low:g} to {column.high:g}"
                if column.high is not None
                else f"a number ≥ {column.low:g}"
            )
            return None
        return number
    elif kind == "date":
        try:
            if not _FULL_DATE.match(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            fault("a date written YYYY-MM-DD")
            return None
    elif kind == "partial-date" and not _PARTIAL_DATE.match(value):
        fault("a date written YYYY-MM-DD, YYYY-MM or YYYY")
    elif kind == "enum" and value not in column.options:
        fault("one of " + ", ".join(repr(o) for o in column.options))
    elif kind == "yesno":
        if value not in ("yes", "no"):
            fault("'yes' or 'no'")
            return None
        return value == "yes"
    elif kind in ("refs", "tags"):
        items = tuple(v.strip() for v in value.split(";") if v.strip())
        if kind == "tags":
            for item in items:
                if item not in column.options:
                    case.problems.append(
                        Problem(
                            table.file, line, row_id, column.name, "tags among " + ", ".join(column.options), repr(item)
                        )
                    )
        return items
    return value


def _check_references(case: CaseFiles) -> None:
    ids = {name: {r["id"] for r in rows if r.get("id")} for name, rows in case.rows.items()}
    for table in TABLES.values():
        for row, line in zip(case.rows[table.name], case.lines[table.name], strict=True):
            for column in table.columns:
                if column.kind not in ("ref", "refs") or not row.get(column.name):
                    continue
                values = row[column.name] if column.kind == "refs" else (row[column.name],)
                for value in values:
                    if value not in ids.get(column.ref, set()):
                        label = row.get("id") or "/".join(str(v) for v in list(row.values())[:2])
                        case.problems.append(
                            Problem(table.file, line, label, column.name, f"an id from {column.ref}.csv", repr(value))
                        )


def _check_article_record(case: CaseFiles) -> None:
    file = TABLES["article"].file
    rows = case.rows["article"]
    if len(rows) != 1:
        case.problems.append(Problem(file, 0, "", "", "exactly one row", f"{len(rows)} rows"))
        return
    row, line = rows[0], case.lines["article"][0]
    if case.article and row["title"] != case.article.split("\n", 1)[0]:
        case.problems.append(Problem(file, line, "article", "title", "the article's first line", repr(row["title"])))
    if case.article and row["attribution_as_printed"] and row["attribution_as_printed"] not in case.article:
        found = repr(row["attribution_as_printed"])
        case.problems.append(Problem(file, line, "article", "attribution_as_printed", "words in the article", found))
    if row["events_start"] and row["events_end"] and row["events_end"] < row["events_start"]:
        case.problems.append(
            Problem(file, line, "article", "events_end", "a day on or after events_start", "an earlier day")
        )


def _check_statements(case: CaseFiles) -> None:
    if not case.article:
        return
    file = TABLES["statements"].file
    starts = _paragraph_starts(case.article)
    for row, line in zip(case.rows["statements"], case.lines["statements"], strict=True):
        start, end, text = row["start"], row["end"], row["text"] or ""
        if start is None or end is None:
            continue
        span = case.article[start:end]
        if span != text:
            found = case.article.find(text)
            hint = (
                f"; the text occurs at {found}–{found + len(text)}"
                if found >= 0
                else "; the text is not in the article"
            )
            case.problems.append(
                Problem(
                    file, line, row["id"], "text", f"article[{start}:{end}] to equal the text", repr(span[:60]) + hint
                )
            )
        elif row["paragraph"] is not None and _paragraph_of(starts, start) != row["paragraph"]:
            case.problems.append(
                Problem(
                    file,
                    line,
                    row["id"],
                    "paragraph",
                    f"paragraph {_paragraph_of(starts, start)}",
                    str(row["paragraph"]),
                )
            )
        if row["kind"] == "narration" and row["speaker"]:
            case.problems.append(
                Problem(file, line, row["id"], "speaker", "no speaker for narration", repr(row["speaker"]))
            )
        if row["kind"] in ("quote", "paraphrase") and not row["speaker"]:
            case.problems.append(Problem(file, line, row["id"], "speaker", f"a speaker for a {row['kind']}", "nothing"))


def _check_stances(case: CaseFiles) -> None:
    file = TABLES["stances"].file
    seen: dict[tuple, int] = {}
    for row, line in zip(case.rows["stances"], case.lines["stances"], strict=True):
        key = (row["actor"], row["question"])
        label = f"{key[0]}/{key[1]}"
        if key in seen:
            case.problems.append(
                Problem(
                    file, line, label, "question", "one row per actor and question", f"a repeat of line {seen[key]}"
                )
            )
        seen.setdefault(key, line)
        if row["stance"] and row["stance"] != NOT_STATED and not row["evidence"]:
            case.problems.append(
                Problem(file, line, label, "evidence", "statement ids that show this stance", "nothing")
            )
    for actor in case.rows["actors"]:
        for question in QUESTIONS:
            if (actor["id"], question) not in seen:
                case.problems.append(
                    Problem(
                        file,
                        0,
                        f"{actor['id']}/{question}",
                        "stance",
                        f"a stance on {question!r} for this actor",
                        "no row",
                    )
                )


def _check_context(case: CaseFiles) -> None:
    file = TABLES["context"].file
    for row, line in zip(case.rows["context"], case.lines["context"], strict=True):
        notes = case.notes.get(row["notes"] or "", "")
        if notes and row["text"] and row["text"] not in notes:
            case.problems.append(
                Problem(
                    file,
                    line,
                    row["id"],
                    "text",
                    f"words found verbatim in sources/{row['notes']}",
                    repr(row["text"][:60]),
                )
            )
        elif notes and row["text"] and row["kind"] == "quote" and not is_quotation_in(row["text"], notes):
            # The notes' own summary is not a quotation: a quote must stand between quotation marks there.
            case.problems.append(
                Problem(
                    file,
                    line,
                    row["id"],
                    "kind",
                    f"'fact' (the words are the notes' own, not a quotation between quotation marks in "
                    f"sources/{row['notes']})",
                    "'quote'",
                )
            )
        if row["flag"] == "VERIFIED (reported)" and not row["reported_by"]:
            case.problems.append(
                Problem(file, line, row["id"], "reported_by", "the outlet that reported it", "nothing")
            )


def _check_sources(case: CaseFiles) -> None:
    file = TABLES["sources"].file
    all_notes = "\n".join(case.notes.values())
    for row, line in zip(case.rows["sources"], case.lines["sources"], strict=True):
        relative = row.get("file")
        if relative and not relative.startswith("kit/") and not (case.directory / relative).is_file():
            case.problems.append(Problem(file, line, row["id"], "file", "a file in the case directory", repr(relative)))
        if row["title_kind"] != "as published" or not row["title"] or not all_notes:
            continue
        if row["id"] == "article":
            published = bool(case.article) and row["title"] == case.article.split("\n", 1)[0]
        else:
            published = is_quotation_in(row["title"], all_notes)
        if not published:
            case.problems.append(
                Problem(
                    file,
                    line,
                    row["id"],
                    "title_kind",
                    "'description' (the title is not printed between quotation marks in the research notes)",
                    "'as published'",
                )
            )


def _check_treaty(case: CaseFiles) -> None:
    if not case.treaty_text:
        return
    found = {r["id"] for r in parse_treaty(case.treaty_text)}
    wanted = {f"art-{n}" for n in range(1, 15)} | {"art-6-i", "art-6-ii", "preamble"}
    for missing in sorted(wanted - found):
        case.problems.append(Problem(TREATY_FILE, 0, missing, "", f"the treaty part {missing}", "it is missing"))


def _problem(case: CaseFiles, table: str, index: int, row_id: str, column: str, expected: str, found: str) -> None:
    case.problems.append(Problem(TABLES[table].file, case.lines[table][index], row_id, column, expected, found))


def _check_sovereignty(case: CaseFiles) -> None:
    members = {r["id"] for r in case.rows["members"]}
    for index, row in enumerate(case.rows["sovereignty"]):
        if bool(row["place"]) == bool(row["outline"]):
            _problem(
                case,
                "sovereignty",
                index,
                row["id"],
                "place",
                "either a place or an outline, not both",
                "both or neither",
            )
        if row["party_before"] and row["party_before"] not in members:
            _problem(
                case, "sovereignty", index, row["id"], "party_before", "a member's code", repr(row["party_before"])
            )


def _check_partners(case: CaseFiles) -> None:
    flags = {r["id"]: r["flag"] for r in case.rows["context"]}
    for index, row in enumerate(case.rows["partners"]):
        if row["evidence"] in flags and flags[row["evidence"]] != "VERIFIED":
            found = repr(flags[row["evidence"]])
            _problem(case, "partners", index, row["id"], "evidence", "a context row flagged VERIFIED", found)


def _check_evidence(case: CaseFiles, table: str, label=lambda row: row.get("id", "")) -> None:
    for index, row in enumerate(case.rows[table]):
        if row.get("stated", True) and not row["evidence"] and not row["statements"]:
            _problem(case, table, index, label(row), "evidence", "a context row or an article statement", "nothing")


def _check_roles(case: CaseFiles) -> None:
    def label(row):
        return f"{row['role']}/{row['kind']}"

    _check_evidence(case, "role_points", label)
    kinds = {(row["role"], row["kind"]) for row in case.rows["role_points"]}
    for row in case.rows["roles"]:
        for kind in POINT_KINDS:
            if (row["id"], kind) not in kinds:
                file = TABLES["role_points"].file
                where = f"{row['id']}/{kind}"
                expected = f"a {kind} for this role, or a row with stated = no saying the sources are silent"
                case.problems.append(Problem(file, 0, where, "kind", expected, "no row"))


def _check_glossary(case: CaseFiles) -> None:
    parts = {r["id"] for r in parse_treaty(case.treaty_text)} if case.treaty_text else set()
    for index, row in enumerate(case.rows["glossary"]):
        treaty = [p.strip() for p in (row["treaty"] or "").split(";") if p.strip()]
        if not row["context"] and not treaty:
            _problem(case, "glossary", index, row["id"], "context", "context rows or treaty parts", "nothing")
        for part in treaty:
            if parts and part not in parts:
                _problem(case, "glossary", index, row["id"], "treaty", "a treaty part id such as art-5", repr(part))


def _paragraph_starts(article: str) -> list[int]:
    starts, position = [], 0
    for block in article.split("\n\n"):
        starts.append(position)
        position += len(block) + 2
    return starts


def _paragraph_of(starts: list[int], offset: int) -> int:
    return max(i for i, s in enumerate(starts) if s <= offset)

"""Parse the North Atlantic Treaty text into rows: one per article, Article 6's indents apart.

>>> rows = parse_treaty("NORTH ATLANTIC TREATY\\n\\nPreamble text.\\n\\nArticle 1\\nFirst.\\n")
>>> [(r["id"], r["text"]) for r in rows]
[('preamble', 'Preamble text.'), ('art-1', 'First.')]
"""

from __future__ import annotations

import re

_ARTICLE = re.compile(r"^Article (\d+)$")
_INDENT = re.compile(r"^\((i|ii)\) ")


def parse_treaty(text: str) -> list[dict]:
    """Split the treaty file into rows with ``id``, ``article``, ``part``, ``label``, ``text``, ``start``, ``end``.

    Lines starting with ``#`` are the file's provenance note and are skipped.
    ``text`` is always ``treaty_text[start:end]``.
    """
    rows: list[dict] = []
    offset = 0
    current: dict | None = None
    for line in text.splitlines(keepends=True):
        start, body = offset, line.rstrip("\n")
        offset += len(line)
        if not body.strip() or body.startswith("#") or body == "NORTH ATLANTIC TREATY":
            current = None if body.startswith("#") or body == "NORTH ATLANTIC TREATY" else current
            continue
        heading = _ARTICLE.match(body)
        if heading:
            number = int(heading.group(1))
            current = _row(f"art-{number}", number, "", f"Article {number}", offset, offset)
            rows.append(current)
            continue
        if current is None or body.startswith("In witness whereof"):
            kind = "closing" if body.startswith("In witness whereof") else "preamble"
            current = _row(kind, 0, "", kind.capitalize(), start, start)
            rows.append(current)
        if current["article"] == 6:
            indent = _INDENT.match(body)
            part = indent.group(1) if indent else "chapeau"
            label = f"Article 6({part})" if indent else "Article 6, opening words"
            rows.append(_row(f"art-6-{part}", 6, part, label, start, start + len(body)))
        current["end"] = start + len(body)
    for row in rows:
        row["text"] = text[row["start"] : row["end"]]
    return rows


def _row(row_id: str, article: int, part: str, label: str, start: int, end: int) -> dict:
    return {"id": row_id, "article": article, "part": part, "label": label, "start": start, "end": end}

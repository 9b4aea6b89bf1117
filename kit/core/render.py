"""Results that read the same as plain text and as HTML, deterministically.

A :class:`Rendered` object shows itself as HTML in a notebook and as text in a
terminal, a test or a static export; both come from the same list of blocks.

>>> r = Rendered([("title", "Verdict"), ("line", "Covered: yes")])
>>> print(r)
Verdict
Covered: yes

A run of items is one HTML list:

>>> Rendered([("item", "a"), ("item", "b"), ("line", "c")])._repr_html_().count("<ul")
1
"""

from __future__ import annotations

import base64
import html
import io

Block = tuple[str, str]


class Rendered:
    """A small document of (kind, text) blocks.

    Kinds: title, line, item, quote, passage (a quote whose ``[[...]]`` span is
    highlighted in HTML), note, good, bad, partial, html (HTML only).
    """

    _TEXT_PREFIX = {
        "item": "  - ",
        "quote": "  > ",
        "passage": "  > ",
        "note": "  Note: ",
        "good": "✅ ",
        "bad": "❌ ",
        "partial": "◐ ",
    }
    _HTML = {
        "title": '<h4 style="margin:0.2em 0">{}</h4>',
        "line": "<div>{}</div>",
        "item": "<li>{}</li>",
        "quote": '<blockquote style="margin:0.3em 1em;border-left:3px solid #999;padding-left:0.6em">{}</blockquote>',
        "passage": '<blockquote style="margin:0.3em 1em;border-left:3px solid #999;padding-left:0.6em">{}</blockquote>',
        # The theme's secondary text colour: at least 4.5:1 on JupyterLab's light and dark backgrounds alike.
        "note": '<div style="font-size:90%;color:var(--jp-content-font-color2,#444)"><em>Note:</em> {}</div>',
        "good": "<div><strong>✅ {}</strong></div>",
        "bad": "<div><strong>❌ {}</strong></div>",
        "partial": "<div><strong>◐ {}</strong></div>",
        "html": "{}",
    }

    def __init__(self, blocks: list[Block] | None = None):
        self.blocks: list[Block] = list(blocks or [])

    def add(self, kind: str, text: str) -> Rendered:
        if kind not in self._HTML:
            raise ValueError(f"unknown block kind {kind!r}")
        self.blocks.append((kind, text))
        return self

    def __str__(self) -> str:
        return "\n".join(self._TEXT_PREFIX.get(kind, "") + text for kind, text in self.blocks if kind != "html")

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        parts, in_list = [], False
        for kind, text in self.blocks:
            if (kind == "item") != in_list:  # a run of items is one list (screen readers count its entries)
                in_list = kind == "item"
                parts.append('<ul style="margin:0.2em 0;padding-left:1.6em">' if in_list else "</ul>")
            body = text if kind == "html" else html.escape(text)
            if kind == "passage":  # [[...]] marks the span a student should look at
                body = body.replace("[[", "<mark>").replace("]]", "</mark>")
            parts.append(self._HTML[kind].format(body))
        if in_list:
            parts.append("</ul>")
        # Long words (a source's URL) wrap rather than push the page sideways at 200% zoom or on a phone.
        return '<div class="kit-result" style="overflow-wrap:anywhere">' + "".join(parts) + "</div>"

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


class RendersItself:
    """Mixin for result objects: define ``rendered()``; get text, HTML and IPython display from it."""

    def rendered(self) -> Rendered:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self.rendered())

    def _repr_html_(self) -> str:
        return self.rendered()._repr_html_()

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


class Table:
    """A DataFrame shown in full: no cell is cut short, as text and as HTML (quotations must stay whole).

    Text reads left-aligned, as prose does, in the terminal and in JupyterLab (which right-aligns table
    cells by default).

    >>> import pandas as pd
    >>> print(Table(pd.DataFrame({"quote": ["Geography is stubborn", "Security"], "¶": [5, 10]})))
    quote                  ¶
    Geography is stubborn  5
    Security              10
    """

    def __init__(self, frame, index: bool = False):
        self.frame, self.index = frame, index

    def __str__(self) -> str:
        # Pad text columns on the right so that pandas' right-justification leaves them flush left.
        formatters = {}
        for column in self.frame.columns:
            if self.frame[column].dtype.kind in "OSUT" or str(self.frame[column].dtype) in ("str", "string"):
                width = max([len(str(column)), *(len(str(v)) for v in self.frame[column])])
                formatters[column] = lambda value, width=width: f"{value!s:<{width}}"
        text = self.frame.to_string(index=self.index, max_colwidth=None, justify="left", formatters=formatters)
        return "\n".join(line.rstrip() for line in text.splitlines())

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        body = self.frame.to_html(index=self.index, escape=True, border=0, na_rep="", justify="left")
        body = body.replace("<td>", '<td style="text-align:left">').replace("<th>", '<th style="text-align:left">')
        # A table wider than the page scrolls inside its own box, which the keyboard can reach (Tab, then the
        # arrow keys) and a screen reader names by its columns (WCAG 2.1.1; axe: scrollable-region-focusable).
        columns = html.escape(", ".join(str(column) for column in self.frame.columns), quote=True)
        return (
            f'<div class="kit-table" role="region" tabindex="0" aria-label="Table: {columns}"'
            f' style="text-align:left;overflow-x:auto;max-width:100%">{body}</div>'
        )

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))


def show(frame, index: bool = False) -> Table:
    """Show a table with every cell in full (pandas cuts long text to 50 characters in notebooks).

    ``kit.show(case.quotes()[["attributed_to", "text"]])``
    """
    return Table(frame, index=index)


class Picture:
    """A figure as a student receives it: a PNG image with its text description.

    In JupyterLab it shows as an image whose ``alt`` text is the description, with a caption; as text (a
    terminal, a screen reader reading plain output, a static export) it is the description. Every figure the
    kit shows goes through here, so none is ever a bare ``<Figure size ...>`` line or an image with no words.

    >>> picture = Picture(b"\\x89PNG...", "Two bars: 3 and 5.", caption="Votes")
    >>> print(picture)
    Figure: Votes. Two bars: 3 and 5.
    >>> 'alt="Two bars: 3 and 5."' in picture._repr_html_()
    True
    """

    def __init__(self, png: bytes, description: str, caption: str = ""):
        if not description.strip():
            raise ValueError("a figure needs a text description (its alt text)")
        self.png, self.description, self.caption = png, description.strip(), caption.strip()

    @classmethod
    def from_matplotlib(cls, figure, description: str, caption: str = "", dpi: int = 100) -> Picture:
        """Render a matplotlib figure once, to PNG, and keep its description beside it."""
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        return cls(buffer.getvalue(), description, caption)

    def __str__(self) -> str:
        return f"Figure: {self.caption}. {self.description}" if self.caption else f"Figure: {self.description}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (
            f'<figure class="kit-figure" style="margin:0.5em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.description, quote=True)}" '
            f'style="max-width:100%;height:auto">{caption}</figure>'
        )

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

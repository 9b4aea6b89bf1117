"""The class summary's two figures as SVG: drawn as text in a few milliseconds, sharp at any zoom, accessible.

Each figure carries its title and its text description inside (``<title>``, ``<desc>``,
``role="img"``), so a screen reader reads it and a browser shows it without a kernel.
Practice bars are hatched as well as coloured: colour is never the only signal.

>>> svg = bar_chart(["a", "b"], [0.5, 1.0], [False, True], "Mean score", "Two bars.")
>>> svg.startswith("<svg") and "<desc" in svg and 'role="img"' in svg
True
"""

from __future__ import annotations

import math
from html import escape

from kit.lessons.palette import BLUE, ORANGE

INK = "#1a1a1a"
GRID = "#767676"  # 4.5:1 on white


def _frame(width: int, height: int, title: str, description: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title desc" font-family="sans-serif" font-size="12" fill="{INK}">'
        f'<title id="title">{escape(title)}</title><desc id="desc">{escape(description)}</desc>'
        f'<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{ORANGE}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{escape(title)}</text>'
        f"{body}</svg>\n"
    )


def _axes(left: int, top: int, plot_w: int, plot_h: int, ticks: list[tuple[float, str]], ylabel: str) -> str:
    parts = [f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{INK}"/>']
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{INK}"/>')
    for share, label in ticks:
        y = top + plot_h * (1 - share)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" '
                     'stroke-width="0.5"/>')  # fmt: skip
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    parts.append(
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle">{escape(ylabel)}</text>'
    )
    return "".join(parts)


def bar_chart(labels: list[str], shares: list[float], hatched: list[bool], title: str, description: str) -> str:
    """Vertical bars of ``shares`` (0 to 1), one per label; hatched bars are practice items."""
    left, top, plot_h, step = 56, 34, 220, 22
    plot_w = max(step * len(labels), 200)
    width, height = left + plot_w + 20, top + plot_h + 110
    bars = []
    for n, (label, share, hatch) in enumerate(zip(labels, shares, hatched, strict=True)):
        x = left + n * step + 3
        h = plot_h * max(0.0, min(1.0, share))
        fill = "url(#hatch)" if hatch else BLUE
        bars.append(
            f'<rect x="{x}" y="{top + plot_h - h:.1f}" width="{step - 6}" height="{h:.1f}" fill="{fill}">'
            f"<title>{escape(label)}: {share:.0%}</title></rect>"
            f'<text transform="translate({x + step / 2 - 3} {top + plot_h + 8}) rotate(90)" font-size="10">'
            f"{escape(label)}</text>"
        )
    ticks = [(t / 4, f"{t * 25}%") for t in range(5)]
    return _frame(
        width, height, title, description, _axes(left, top, plot_w, plot_h, ticks, "mean share") + "".join(bars)
    )


def histogram(values: list[float], title: str, description: str, xlabel: str) -> str:
    """Counts of ``values`` (0 to 100) in 5-point bins."""
    counts = [0] * 20
    for value in values:
        counts[min(19, max(0, int(value // 5)))] += 1
    # The axis counts whole students: ticks 1, 2, 3 ... apart (never "0.75 students"), at most five of them;
    # an empty plot still reads 0 to 1 student.
    tallest = max(*counts, 1)
    per_tick = math.ceil(tallest / 4)
    steps = math.ceil(tallest / per_tick)
    top_count = per_tick * steps
    left, top, plot_w, plot_h = 56, 34, 400, 220
    width, height = left + plot_w + 20, top + plot_h + 50
    bars = []
    for n, count in enumerate(counts):
        h = plot_h * count / top_count
        bars.append(
            f'<rect x="{left + n * 20 + 1}" y="{top + plot_h - h:.1f}" width="18" height="{h:.1f}" fill="{BLUE}">'
            f"<title>{n * 5}–{n * 5 + 5}%: {count}</title></rect>"
        )
    for n in range(0, 21, 4):
        bars.append(f'<text x="{left + n * 20}" y="{top + plot_h + 16}" text-anchor="middle">{n * 5}</text>')
    bars.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 38}" text-anchor="middle">{escape(xlabel)}</text>')
    ticks = [(t / steps, str(t * per_tick)) for t in range(steps + 1)]
    return _frame(
        width, height, title, description, _axes(left, top, plot_w, plot_h, ticks, "students") + "".join(bars)
    )

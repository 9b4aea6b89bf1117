"""The class summary's figures as the instructor sees them: every element of the SVG read back and measured.

The expected layouts are derived by hand from the figures' design (below), not from the code: a 56-px margin left
of the plot for the tick labels, 34 px above it for the title, a plot 220 px high, 20 px of margin on the right;
the bar chart gives each exercise a 22-px slot with a 16-px bar centred in it (3 px each side), at least 200 px of
plot, and 110 px below the plot for the exercise names written downwards; the histogram has twenty 20-px bins,
each an 18-px bar centred in it, and 50 px below for the tick numbers and the axis title. Tick labels end half an
em (6 px of the 12-px font) left of the axis, their baseline a third of an em (4 px) below their grid line, which
centres the digits on the line.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.exercises.bank import load_bank
from kit.grading.charts import bar_chart, histogram

NS = "{http://www.w3.org/2000/svg}"
GAP, DROP = 6, 4  # tick labels: half an em left of the axis, baseline a third of an em below the line
CLOSE = 0.06  # coordinates are written to one decimal


def read(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this fails
    for element in root.iter():
        # No text outside the elements that hold text: a stray string would show on the picture.
        assert not (element.tail or "").strip(), element.tail
        if element.tag not in (f"{NS}text", f"{NS}title", f"{NS}desc"):
            assert not (element.text or "").strip(), (element.tag, element.text)
    return root


def children(root: ET.Element, tag: str) -> list[ET.Element]:
    return [e for e in root if e.tag == f"{NS}{tag}"]


def num(element: ET.Element, name: str) -> float:
    return float(element.attrib[name])


def translate(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\((\S+) (\S+)\) rotate\((-?\d+)\)", element.attrib["transform"])
    assert match, element.attrib["transform"]
    return float(match.group(1)), float(match.group(2))


def axes(root: ET.Element):
    """The two axis lines (full-weight lines) and the grid lines (thinner ones), as coordinate tuples."""
    lines = children(root, "line")
    solid = [e for e in lines if "stroke-width" not in e.attrib]
    grid = [e for e in lines if "stroke-width" in e.attrib]
    assert len(solid) == 2
    y_axis = next(e for e in solid if e.attrib["x1"] == e.attrib["x2"])
    x_axis = next(e for e in solid if e.attrib["y1"] == e.attrib["y2"])
    coords = ("x1", "y1", "x2", "y2")
    return tuple(num(y_axis, c) for c in coords), tuple(num(x_axis, c) for c in coords), grid


def ticks(root: ET.Element) -> list[tuple[float, float, str]]:
    """The y-axis tick labels (text ending at a point), as (x, y, text)."""
    return [(num(e, "x"), num(e, "y"), e.text) for e in children(root, "text") if e.get("text-anchor") == "end"]


def check_frame(root: ET.Element, width: int, height: int, title: str, description: str) -> None:
    assert (root.get("width"), root.get("height")) == (str(width), str(height))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert root.get("role") == "img"
    named = {e.get("id"): e.text for e in root if e.tag in (f"{NS}title", f"{NS}desc")}
    assert [named.get(i) for i in root.get("aria-labelledby").split()] == [title, description]
    heading = next(e for e in children(root, "text") if e.text == title)
    assert num(heading, "x") == width / 2 and heading.get("text-anchor") == "middle"  # centred over the figure
    background = children(root, "rect")[0]
    assert (num(background, "width"), num(background, "height"), background.get("fill")) == (width, height, "#fff")


def check_axes(root: ET.Element, left, top, plot_w, plot_h, labels: list[str], ylabel: str) -> None:
    """Axes along the plot's left and bottom edges; grid lines across it at evenly spaced ticks, labelled."""
    bottom = top + plot_h
    y_axis, x_axis, grid = axes(root)
    assert y_axis == (left, top, left, bottom)
    assert x_axis == (left, bottom, left + plot_w, bottom)
    steps = len(labels) - 1
    expected = [bottom - plot_h * k / steps for k in range(steps + 1)]  # 0 on the x axis, the last at the top
    assert len(grid) == len(labels)
    for line, y in zip(grid, expected, strict=True):
        assert num(line, "x1") == left and num(line, "x2") == left + plot_w
        assert abs(num(line, "y1") - y) < CLOSE and line.get("y1") == line.get("y2")
        assert float(line.get("stroke-width")) < 1  # lighter than the axes
    assert [t[2] for t in ticks(root)] == labels
    for (x, y, _), line_y in zip(ticks(root), expected, strict=True):
        assert x == left - GAP and abs(y - (line_y + DROP)) < CLOSE
    title = next(e for e in children(root, "text") if e.text == ylabel)
    assert translate(title) == (14, top + plot_h / 2) and title.get("text-anchor") == "middle"


# -- the bar chart (difficulty per exercise) -----------------------------------------------------------------


def test_bar_chart_layout_by_hand():
    svg = bar_chart(["actors-1", "geo-2"], [0.5, 1.0], [False, True], "Mean score", "Half & all <right>.")
    root = read(svg)
    check_frame(root, 56 + 200 + 20, 34 + 220 + 110, "Mean score", "Half & all <right>.")
    check_axes(root, 56, 34, 200, 220, ["0%", "25%", "50%", "75%", "100%"], "mean share")
    bars = children(root, "rect")[1:]
    # slot n starts at 56 + 22n; its bar starts 3 px in, 16 px wide; height = share of 220, standing on y = 254
    assert [(num(b, "x"), num(b, "y"), num(b, "width"), num(b, "height")) for b in bars] == [
        (59, 144, 16, 110),
        (81, 34, 16, 220),
    ]
    assert [b.find(f"{NS}title").text for b in bars] == ["actors-1: 50%", "geo-2: 100%"]
    names = [e for e in children(root, "text") if e.get("transform", "").endswith("rotate(90)")]
    assert [e.text for e in names] == ["actors-1", "geo-2"]
    assert [translate(e) for e in names] == [(67, 262), (89, 262)]  # under each bar's centre, 8 px below the axis


def test_practice_bars_are_hatched_not_only_coloured():
    root = read(bar_chart(["g", "p"], [0.4, 0.4], [False, True], "t", "d"))
    graded, practice = children(root, "rect")[1:]
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", graded.get("fill"))  # a solid colour
    reference = re.fullmatch(r"url\(#(\w+)\)", practice.get("fill"))
    assert reference, practice.get("fill")
    pattern = next(p for p in root.iter(f"{NS}pattern") if p.get("id") == reference.group(1))
    assert pattern.find(f"{NS}line") is not None  # stripes: a shape, seen without colour


def test_shares_outside_0_to_1_stay_inside_the_plot():
    root = read(bar_chart(["low", "high"], [-0.3, 1.7], [False, False], "t", "d"))
    low, high = children(root, "rect")[1:]
    assert (num(low, "height"), num(low, "y")) == (0, 254)
    assert (num(high, "height"), num(high, "y")) == (220, 34)


def test_many_exercises_widen_the_plot_and_never_overlap():
    labels = [f"ex-{n}" for n in range(12)]
    root = read(bar_chart(labels, [0.5] * 12, [False] * 12, "t", "d"))
    check_frame(root, 56 + 12 * 22 + 20, 364, "t", "d")
    _, x_axis, _ = axes(root)
    assert x_axis[2] == 56 + 12 * 22
    bars = children(root, "rect")[1:]
    assert [num(b, "x") for b in bars] == [56 + 22 * n + 3 for n in range(12)]


def test_labels_shares_and_kinds_must_match_in_number():
    with pytest.raises(ValueError):
        bar_chart(["a", "b"], [0.5], [False, False], "t", "d")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(-1, 2, allow_nan=False), st.booleans()), min_size=1, max_size=30))
def test_every_bar_stands_on_the_axis_at_its_share(rows):
    shares, hatched = [s for s, _ in rows], [h for _, h in rows]
    root = read(bar_chart([f"e{n}" for n in range(len(rows))], shares, hatched, "t", "d"))
    y_axis, x_axis, _ = axes(root)
    bars = children(root, "rect")[1:]
    assert len(bars) == len(rows)
    for bar, share, hatch in zip(bars, shares, hatched, strict=True):
        height = num(bar, "height")
        assert abs(height - 220 * min(1, max(0, share))) < CLOSE
        assert abs(num(bar, "y") + height - x_axis[1]) < 2 * CLOSE  # on the axis
        assert y_axis[0] < num(bar, "x") and num(bar, "x") + num(bar, "width") < x_axis[2]
        assert bar.get("fill").startswith("url(") == hatch


# -- the histogram (distribution of totals) --------------------------------------------------------------------


def test_histogram_layout_by_hand():
    # Bins of 5 points: 2, 4.9 and -3 (clamped) in 0–5; 5 in 5–10; 37.5 in 35–40; 99.9, 100 and 140 (clamped)
    # in 95–100. The tallest bin holds 3 students: ticks 0, 1, 2, 3, one student apart.
    values = [2, 4.9, 5, 37.5, 99.9, 100, -3, 140]
    root = read(histogram(values, "Totals", "Eight totals.", "total (% of points)"))
    check_frame(root, 56 + 400 + 20, 34 + 220 + 50, "Totals", "Eight totals.")
    check_axes(root, 56, 34, 400, 220, ["0", "1", "2", "3"], "students")
    bars = children(root, "rect")[1:]
    counts = {0: 3, 1: 1, 7: 1, 19: 3}
    assert [b.find(f"{NS}title").text for b in bars] == [f"{5 * n}–{5 * n + 5}%: {counts.get(n, 0)}" for n in range(20)]
    for n, bar in enumerate(bars):  # bin n spans x = 56 + 20n to 56 + 20(n+1); an 18-px bar centred in it
        height = 220 * counts.get(n, 0) / 3
        assert (num(bar, "x"), num(bar, "width")) == (56 + 20 * n + 1, 18)
        assert abs(num(bar, "height") - height) < CLOSE and abs(num(bar, "y") - (254 - height)) < CLOSE
    numbers = [e for e in children(root, "text") if e.get("text-anchor") == "middle" and e.text.isdigit()]
    assert [(num(e, "x"), num(e, "y"), e.text) for e in numbers] == [
        (56 + 80 * k, 270, str(20 * k))
        for k in range(6)  # 0 % at the axis, 100 % at its end, 16 px below
    ]
    xlabel = next(e for e in children(root, "text") if e.text == "total (% of points)")
    assert (num(xlabel, "x"), num(xlabel, "y")) == (56 + 200, 254 + 38)


@pytest.mark.parametrize(
    "tallest, labels",
    [
        (0, ["0", "1"]),  # nobody graded: an empty plot still reads 0 to 1 student
        (1, ["0", "1"]),
        (4, ["0", "1", "2", "3", "4"]),
        (5, ["0", "2", "4", "6"]),
        (9, ["0", "3", "6", "9"]),
        (10, ["0", "3", "6", "9", "12"]),
    ],
)
def test_the_students_axis_counts_whole_students(tallest, labels):
    root = read(histogram([50.0] * tallest, "t", "d", "x"))
    assert [t[2] for t in ticks(root)] == labels
    bar = children(root, "rect")[1 + 10]  # the 50–55 % bin
    assert abs(num(bar, "height") - 220 * tallest / int(labels[-1])) < CLOSE


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-50, 150, allow_nan=False), max_size=60))
def test_every_total_is_counted_once_in_its_bin(values):
    root = read(histogram(values, "t", "d", "x"))
    bars = children(root, "rect")[1:]
    counts = [int(b.find(f"{NS}title").text.rsplit(": ", 1)[1]) for b in bars]
    assert sum(counts) == len(values)
    for n, count in enumerate(counts):
        inside = [v for v in values if 5 * n <= min(max(v, 0), 99.99) < 5 * n + 5]
        assert count == len(inside), n
    top = int(ticks(root)[-1][2])
    for bar, count in zip(bars, counts, strict=True):
        assert abs(num(bar, "height") - 220 * count / top) < CLOSE


# -- what reaches the instructor: the class summary page -------------------------------------------------------


def test_the_class_summary_shows_both_figures_with_descriptions_worked_out_by_hand(tmp_path):
    """ada: n-num 2/2, c-place 1/1, p-num (practice) right, memo unscored; bob: n-num 2/2, the rest wrong or blank.

    Mean share per exercise: n-num 100 %, c-place 50 %, p-num 50 %, f-memo 0 % (the memo waits for its score).
    Totals out of 7 graded points: ada 3 (42.9 %), bob 2 (28.6 %); sorted, the median is the upper one, 43 %.
    """
    from kit.grading.grade import grade_class
    from kit.grading.reports import write_reports

    from .test_mutation_feedback import BANK, MEMO, parse, sheet

    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "01_mini.toml").write_text(BANK, encoding="utf-8")
    bank = load_bank(tmp_path / "bank")
    subs = tmp_path / "subs"
    subs.mkdir()
    ada = {"n-num": 31, "c-place": ["covered", "not covered"], "p-num": 8000, "f-memo": MEMO}
    bob = {"n-num": 31, "c-place": ["not covered", "covered"], "p-num": 500}
    for name, answers in (("ada", ada), ("bob", bob)):
        (subs / f"{name}.json").write_text(json.dumps(sheet(name, answers)), encoding="utf-8")
    write_reports(grade_class([subs], bank, False), bank, tmp_path / "out", "Kit")

    page = parse((tmp_path / "out" / "summary.html").read_text(encoding="utf-8"))
    figures = page.one("main").all("figure")
    described = [
        "Bar chart of the mean share of points per exercise, solid blue for graded items, hatched orange for "
        "practice. Hardest: f-memo (0%), c-place (50%), p-num (50%).",
        "Histogram of 2 students' totals in 5-point bins; lowest 29%, median 43%, highest 43%.",
    ]
    assert [f.one("img").attrs["alt"] for f in figures] == [f.one("figcaption").text for f in figures] == described
    pictures = []
    for figure, description in zip(figures, described, strict=True):
        source = figure.one("img").attrs["src"]
        assert source.startswith("data:image/svg+xml;base64,")  # inside the page: nothing to lose on the way
        svg = read(base64.b64decode(source.split(",", 1)[1]).decode("utf-8"))
        assert svg.find(f"{NS}desc").text == description
        pictures.append(svg)
    difficulty, distribution = pictures
    bars = children(difficulty, "rect")[1:]
    assert [b.find(f"{NS}title").text for b in bars] == ["n-num: 100%", "c-place: 50%", "p-num: 50%", "f-memo: 0%"]
    assert [num(b, "height") for b in bars] == [220, 110, 110, 0]
    assert [b.get("fill").startswith("url(") for b in bars] == [False, False, True, False]  # practice hatched
    filled = [b.find(f"{NS}title").text for b in children(distribution, "rect")[1:] if num(b, "height") > 0]
    assert filled == ["25–30%: 1", "40–45%: 1"]

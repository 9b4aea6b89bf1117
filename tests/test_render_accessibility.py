"""What the kit's HTML promises screen-reader and low-vision users, checked without a browser.

Contrast ratios are computed here from WCAG 2.1's definition (relative luminance, 1.4.3), not taken from
the code under test; the browser suite (tests/browser/test_accessibility.py) runs axe-core on the same HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.core import accessible
from kit.core.render import Picture, Rendered

HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
TEXT_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([^;\"']+)")


def luminance(hex_colour: str) -> float:
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_on_known_pairs():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes AA on white


def text_colours() -> list[str]:
    """Every text colour the kit's HTML sets (the fallback when it names a theme variable)."""
    sources = [*Rendered._HTML.values(), accessible._CSS]
    found = []
    for source in sources:
        for value in TEXT_COLOUR.findall(source):
            found += HEX.findall(value)
    return ["#" + colour for colour in found]


def test_every_text_colour_has_at_least_4_5_to_1_on_white():
    colours = text_colours()
    assert colours, "no text colour found: the pattern no longer matches the templates"
    for colour in colours:
        assert contrast(colour, "#ffffff") >= 4.5, colour


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.orphans, self.images = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "li" and not any(t in ("ul", "ol") for t in self.stack):
            self.orphans += 1
        if tag == "img":
            self.images.append(dict(attrs))
        if tag not in ("img", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]


KINDS = st.sampled_from(sorted(set(Rendered._HTML) - {"html"}))


@settings(deadline=None)  # a busy machine is not a failure
@given(st.lists(st.tuples(KINDS, st.text(max_size=30)), max_size=12))
def test_every_list_item_sits_in_a_list(blocks):
    parser = Structure()
    parser.feed(Rendered(blocks)._repr_html_())
    assert parser.orphans == 0 and parser.stack == []


@settings(deadline=None)
@given(st.text(min_size=1, max_size=200).filter(str.strip))
def test_a_picture_always_carries_its_description_as_alt_text(description):
    parser = Structure()
    parser.feed(Picture(b"\x89PNG", description)._repr_html_())
    assert [image["alt"] for image in parser.images] == [description.strip()]

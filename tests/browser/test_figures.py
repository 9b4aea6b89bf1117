"""Figures in JupyterLab: every figure a notebook draws reaches the student as a loaded image with its text."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser
FIGURE_CALL = re.compile(r"\bfigures\.\w+\(|\bWorldMap\(")


def figure_cells(notebook: str) -> list[str]:
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    return [
        "".join(c["source"]) for c in cells if c["cell_type"] == "code" and FIGURE_CALL.search("".join(c["source"]))
    ]


NOTEBOOKS = [p.name for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) if figure_cells(p.name)]
IMAGES = """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(img => ({
  complete: img.complete, width: img.naturalWidth, height: img.naturalHeight, alt: img.alt || '',
  kit: !!img.closest('figure.kit-figure') && !img.closest('.jupyter-widgets'),  // widgets: test_accessibility
  caption: (img.closest('figure.kit-figure')?.querySelector('figcaption')?.textContent || '')
}))"""


@pytest.mark.phase(0)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_figure_renders_as_an_image_in_jupyterlab(notebooks, notebook):
    page = notebooks.open(notebook)  # one run per notebook, shared with the other browser tests
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(img => img.complete)",
        timeout=20_000,
    )
    images = page.evaluate(IMAGES)
    expected = figure_cells(notebook)
    assert len(images) >= len(expected), f"{notebook}: {len(expected)} figure cells but {len(images)} images"
    for image in images:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0, (notebook, image)
    kit_figures = [i for i in images if i["kit"]]
    assert len(kit_figures) >= len(expected), notebook  # every figure cell shows a kit figure (image + words)
    for image in kit_figures:  # the description is the alt text, and a caption names the figure
        assert len(image["alt"].split()) >= 15 and image["caption"], (notebook, image["alt"][:80])
    assert page.get_by_text(re.compile(r"<Figure size")).count() == 0
    figure = page.locator("figure.kit-figure").first
    if figure.count():
        figure.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-figure.png"))

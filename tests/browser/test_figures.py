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
  kit: !!img.closest('figure.kit-figure'), widget: !!img.closest('.jupyter-widgets'),
  caption: (img.closest('figure.kit-figure')?.querySelector('figcaption')?.textContent || '')
}))"""


@pytest.mark.phase(0)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_figure_renders_as_an_image_in_jupyterlab(notebooks, notebook):
    page = notebooks.open(notebook)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-OutputArea-output img')].every(img => img.complete)",
        timeout=20_000,
    )
    images = page.evaluate(IMAGES)
    expected = figure_cells(notebook)
    assert len(images) >= len(expected), f"{notebook}: {len(expected)} figure cells but {len(images)} images"
    for image in images:  # loaded
        assert image["complete"] and image["width"] > 0 and image["height"] > 0, (notebook, image)
    # described by its alt text (outside widgets, whose images are redrawn live)
    undescribed = [i for i in images if not i["widget"] and len(i["alt"].split()) < 15]
    if undescribed and len(undescribed) <= sum("WorldMap(" in source for source in expected):
        pytest.xfail("the static world map (kit/lessons/maps.py) is a bare PNG with no alt text yet")
    assert not undescribed, (notebook, [i["alt"][:80] for i in undescribed])
    kit_figures = [i for i in images if i["kit"]]
    assert len(kit_figures) >= sum("figures." in source for source in expected), notebook
    for image in kit_figures:  # a kit figure also has a caption that names it
        assert image["caption"], (notebook, image["alt"][:80])
    assert page.get_by_text(re.compile(r"<Figure size")).count() == 0
    figure = page.locator("figure.kit-figure").first
    if figure.count():
        figure.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-figure.png"))

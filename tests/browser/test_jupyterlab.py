"""JupyterLab in headless Chromium: every notebook runs with its widgets rendered, and a student can use them."""

from __future__ import annotations

import json
import re
import time

import pytest

from .conftest import ARTIFACTS, ROOT, TIMINGS

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def calls_a_widget(notebook: str) -> bool:
    """Whether the notebook's code shows a widget (an exercise or a lessons widget)."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    code = "".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    return "kit.ask(" in code or "widgets." in code


def labelled_select(page, label):
    return page.get_by_role("combobox", name=label, exact=True)


def exercise_box(page, exercise_id):
    # exact id: "actors-1" must not also match its practice twin "actors-1-practice"
    box = page.locator(".widget-vbox", has=page.locator("strong", has_text=re.compile(rf"^{re.escape(exercise_id)}$")))
    box.scroll_into_view_if_needed()
    return box


def recorded_answer(lab, exercise_id):
    return json.loads(lab.answers.read_text(encoding="utf-8"))["answers"][exercise_id]["value"]


def timed(name, action, visible):
    start = time.perf_counter()
    action()
    visible.wait_for(timeout=10_000)
    TIMINGS.setdefault(name, []).append((time.perf_counter() - start) * 1000)


@pytest.mark.phase(0)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_with_every_widget_rendered(notebooks, notebook):
    page = notebooks.open(notebook)
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert page.locator(".jp-OutputArea-output", has_text="Traceback").count() == 0
    assert page.get_by_text("Error displaying widget").count() == 0
    assert page.get_by_text("Loading widget").count() == 0
    views = page.locator(".jp-OutputArea-output:not([data-mime-type])")  # widget views carry no MIME type
    if calls_a_widget(notebook):
        assert views.count() > 0
    for index in range(views.count()):  # every widget output holds a rendered widget
        assert views.nth(index).locator(".jupyter-widgets").count() > 0, f"widget output {index} is empty"
    page.locator(".jp-Notebook").first.evaluate("n => n.scrollTop = 0")
    page.screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-top.png"))
    widgets = page.locator(".widget-vbox")
    if widgets.count():
        widgets.first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-widget.png"))


@pytest.mark.notebook("01_actors.ipynb")
def test_actor_explorer_and_an_exercise_through_the_ui(notebooks, lab):
    page = notebooks.open("01_actors.ipynb")
    actor = labelled_select(page, "Actor")
    actor.scroll_into_view_if_needed()
    chosen = page.get_by_text("Fumio Kishida — Prime Minister of Japan")
    timed("actor explorer: choose Kishida", lambda: actor.select_option(label="Fumio Kishida"), chosen)
    exercise = exercise_box(page, "actors-1")
    exercise.locator("label", has_text="Jens Stoltenberg").click()
    check = exercise.get_by_role("button", name="Check")
    timed("exercise actors-1: Check", check.click, exercise.get_by_text("actors-1: Correct"))
    assert recorded_answer(lab, "actors-1") == "Jens Stoltenberg"
    assert json.loads(lab.answers.read_text(encoding="utf-8"))["student"] == "browser-test"
    page.screenshot(path=str(ARTIFACTS / "01_actors-exercise-checked.png"))


@pytest.mark.notebook("02_geography.ipynb")
def test_article6_widget_gives_the_verdict(notebooks):
    page = notebooks.open("02_geography.ipynb")
    place = labelled_select(page, "Place")
    place.scroll_into_view_if_needed()
    verdict = page.get_by_text("Ceuta, on 2023-07-11: an armed attack here is not covered by Article 5.")
    timed("Article 6 widget: choose Ceuta", lambda: place.select_option(label="Ceuta"), verdict)
    page.screenshot(path=str(ARTIFACTS / "02_geography-article6-ceuta.png"))

"""The exercise widget in JupyterLab as a student meets it again: saved answers filled in, a live word count,
the explanation opening beside the feedback, no label cut short."""

from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS
from .test_jupyterlab import exercise_box, timed

pytestmark = pytest.mark.browser
MEMO = "Geography is stubborn, said Macron; the office stays on the table."  # 11 words


def save_answers(lab, answers: dict) -> None:
    """Write answers into the lab's sheet as an earlier session would have (keeping what is there)."""
    sheet = {"format": "kit-answers/1", "student": "browser-test", "answers": {}}
    if lab.answers.exists():
        sheet = json.loads(lab.answers.read_text(encoding="utf-8"))
    for exercise_id, value in answers.items():
        sheet["answers"][exercise_id] = {"value": value, "time": "2026-11-29T09:00:00+00:00", "attempts": 1}
    lab.answers.write_text(json.dumps(sheet), encoding="utf-8")


@pytest.mark.notebook("01_actors.ipynb")
@pytest.mark.phase(2)
def test_reopened_notebook_shows_saved_answers_and_counts_words(notebooks, lab):
    notebooks.close()  # the student closed the notebook; the answers stay in the sheet
    save_answers(lab, {"actors-1": "Jens Stoltenberg", "actors-8": MEMO})
    page = notebooks.open("01_actors.ipynb")
    single = exercise_box(page, "actors-1")
    assert single.get_by_role("radio", name="Jens Stoltenberg").is_checked()
    assert single.get_by_text("saved answer (attempt 1) is filled in").count() == 1

    check = single.get_by_role("button", name="Check")
    timed("exercise actors-1: Check", check.click, single.get_by_text("actors-1: Correct"))
    why = single.get_by_role("button", name="Show explanation")
    timed("exercise actors-1: Show explanation", why.click, single.get_by_text("actors-1: why"))
    assert single.get_by_text("actors-1: Correct").is_visible()  # the feedback stays beside the explanation

    memo = exercise_box(page, "actors-8")
    area = memo.locator("textarea")
    assert area.input_value() == MEMO
    memo.get_by_text("11 words").wait_for(timeout=5_000)
    area.click()
    page.keyboard.press("End")
    page.keyboard.type(" Two more.", delay=20)
    memo.get_by_text("13 words").wait_for(timeout=5_000)  # counted while typing, before the box loses focus


CLIPPED = """() => [...document.querySelectorAll('.widget-vbox label, .widget-vbox .widget-html-content')]
  .filter(e => e.offsetParent !== null && e.textContent.trim()
           && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
  .map(e => e.textContent.trim())"""


@pytest.mark.phase(2)
@pytest.mark.parametrize("notebook, exercise_id", [("02_geography.ipynb", "geo-1"), ("03_china.ipynb", "china-4")])
def test_no_option_or_item_label_is_cut(notebooks, notebook, exercise_id):
    page = notebooks.open(notebook)
    page.set_viewport_size({"width": 1000, "height": 900})  # a laptop, not a wide monitor
    try:
        page.wait_for_timeout(500)
        assert page.evaluate(CLIPPED) == []
        exercise_box(page, exercise_id).screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-exercise-narrow.png"))
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})

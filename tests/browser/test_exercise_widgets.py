"""The exercise widget in JupyterLab as a student meets it again: saved answers filled in, a live word count,
the explanation opening beside the feedback."""

from __future__ import annotations

import json

import pytest

from .conftest import ARTIFACTS
from .test_jupyterlab import exercise_box, notebook_page, timed

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


def test_reopened_notebook_shows_saved_answers_and_counts_words(browser_context, lab):
    save_answers(lab, {"actors-1": "Jens Stoltenberg", "actors-8": MEMO})
    with notebook_page(browser_context, lab, "01_actors.ipynb") as page:
        single = exercise_box(page, "actors-1")
        assert single.locator("input[type=radio]:checked").count() == 1
        checked_label = single.locator("label", has=page.locator("input[type=radio]:checked"))
        assert "Jens Stoltenberg" in checked_label.inner_text()
        assert single.get_by_text("saved answer (attempt 1) is filled in").count() == 1

        timed(
            "exercise actors-1: Check",
            single.get_by_role("button", name="Check").click,
            single.get_by_text("actors-1: Correct"),
        )
        why = single.get_by_role("button", name="Show explanation")
        timed("exercise actors-1: Show explanation", why.click, single.get_by_text("actors-1: why"))
        assert single.get_by_text("actors-1: Correct").is_visible()  # the feedback stays beside it

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


@pytest.mark.parametrize("notebook", ["03_china.ipynb", "02_geography.ipynb"])
def test_no_option_or_item_label_is_cut(browser_context, lab, notebook):
    with notebook_page(browser_context, lab, notebook) as page:
        page.set_viewport_size({"width": 1000, "height": 900})  # a laptop, not a wide monitor
        page.wait_for_timeout(500)
        assert page.evaluate(CLIPPED) == []
        exercise = exercise_box(page, {"02_geography.ipynb": "geo-1", "03_china.ipynb": "china-4"}[notebook])
        exercise.screenshot(path=str(ARTIFACTS / f"{notebook[:-6]}-exercise-narrow.png"))

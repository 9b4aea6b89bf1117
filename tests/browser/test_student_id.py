"""The student id box in notebook 00: labelled, typed into and saved with the keyboard and the mouse."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.notebook("00_start_here.ipynb")]


def test_the_student_id_box_saves_what_the_student_types(notebooks):
    page = notebooks.open("00_start_here.ipynb")
    box = page.get_by_label("Your student id")  # named for screen readers by its visible label
    box.scroll_into_view_if_needed()
    box.fill("")
    box.type("browser-test")  # the id this suite runs under (other tests read it back)
    box.press("Tab")
    page.get_by_role("button", name="Save my id").click()
    status = page.get_by_text("Answers will be recorded for 'browser-test'")
    status.wait_for(timeout=10_000)
    assert status.is_visible()

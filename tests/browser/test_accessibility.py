"""WCAG 2.1 AA in what the kit renders, checked by axe-core in JupyterLab (Debian Chromium), and the lessons'
widgets by keyboard.

axe-core runs its WCAG 2.0/2.1 A and AA rules on the notebooks' outputs only (JupyterLab's own interface is
not the kit's): after Run All, after using each lessons widget, at 200% zoom; and on whole pages the kit
writes (the grading feedback pages and the class summary). The count per page is printed at the end.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

from kit.exercises.bank import load_bank

from .conftest import ARTIFACTS, KEYBOARD, ROOT, axe_violations
from .test_jupyterlab import NOTEBOOKS, timed

pytestmark = pytest.mark.browser


def assert_no_violations(page, label, context=".jp-OutputArea-output"):
    found = axe_violations(page, label, context)
    assert not found, f"{label}: {len(found)} WCAG A/AA violation(s):\n" + "\n".join(found)


def assert_widget_has_no_violations(view, label):
    """axe-core on one widget's output only (what that widget renders after it was used)."""
    view.evaluate("e => e.setAttribute('data-kit-axe', '')")
    try:
        assert_no_violations(view.page, label, "[data-kit-axe]")
    finally:
        view.evaluate("e => e.removeAttribute('data-kit-axe')")


def widget_view(page, text):
    """The output area of the widget that shows ``text`` (a label or a legend inside it)."""
    view = page.locator(".jp-OutputArea-output", has=page.get_by_text(text, exact=True)).first
    view.scroll_into_view_if_needed()
    return view


@pytest.mark.phase(0)
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_outputs_after_run_all(notebooks, notebook):
    page = notebooks.open(notebook)
    assert_no_violations(page, f"{notebook[:-6]} after Run All")
    images = page.locator(".jp-OutputArea-output img")
    for index in range(images.count()):  # every image has words (axe accepts alt="" for decoration: we do not)
        alt = images.nth(index).get_attribute("alt") or ""
        assert alt.strip(), f"{notebook}: image {index} has no text alternative"


@pytest.mark.notebook("01_actors.ipynb")
def test_actor_explorer_by_keyboard(notebooks):
    page = notebooks.open("01_actors.ipynb")
    view = widget_view(page, "Actor")
    view.get_by_role("combobox", name="Actor", exact=True).focus()
    card = view.locator(".widget-html-content").first
    chosen = card.filter(has_not_text=card.inner_text()[:60])
    timed("actor explorer: ArrowDown", lambda: page.keyboard.press("ArrowDown"), chosen)  # on the closed list
    KEYBOARD["actor explorer"] = "ok: ArrowDown on the closed list"
    assert_widget_has_no_violations(view, "01 actor explorer after a change")


@pytest.mark.notebook("02_geography.ipynb")
def test_membership_map_by_keyboard(notebooks):
    page = notebooks.open("02_geography.ipynb")
    view = widget_view(page, "Date")
    handle = view.get_by_role("slider", name="Date")
    assert handle.get_attribute("aria-valuetext") == "2023-07-11"
    handle.focus()
    caption = view.get_by_text("NATO members on 2023-04-04")
    timed("map: ArrowLeft", lambda: page.keyboard.press("ArrowLeft"), caption)
    assert handle.get_attribute("aria-valuetext") == "2023-04-04"
    alt = view.locator("img").get_attribute("alt")
    assert alt.startswith("World map: NATO's 31 members on 2023-04-04") and "Finland" in alt and "Sweden" not in alt
    page.keyboard.press("Home")
    view.get_by_text("12 NATO members on 1949-08-24").wait_for()
    KEYBOARD["membership map"] = "ok: ArrowLeft, Home on a named slider"
    assert_widget_has_no_violations(view, "02 membership map after a change")


@pytest.mark.notebook("02_geography.ipynb")
def test_article6_explorer_by_keyboard(notebooks):
    page = notebooks.open("02_geography.ipynb")
    view = widget_view(page, "Choose a place")
    view.get_by_role("radio", name="From the gazetteer").focus()
    latitude = view.get_by_role("spinbutton", name="Latitude (° N, south negative)")
    timed("Article 6: ArrowDown to describe", lambda: page.keyboard.press("ArrowDown"), latitude)
    assert view.get_by_role("radio", name="Describe a place").is_checked()
    latitude.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    output = view.locator(".widget-html-content").last
    verdict = output.filter(has_not_text=output.inner_text()[:200])
    timed("Article 6: type a latitude, Tab", lambda: page.keyboard.press("Tab"), verdict)
    KEYBOARD["Article 6 explorer"] = "ok: ArrowDown in the radio group, typing a latitude, Tab"
    assert_widget_has_no_violations(view, "02 Article 6 explorer, describe mode")
    view.get_by_role("radio", name="Describe a place").focus()
    page.keyboard.press("ArrowUp")  # back to the gazetteer for the tests after this one
    view.get_by_role("combobox", name="Place").wait_for()


@pytest.mark.notebook("03_china.ipynb")
def test_timeline_explorer_by_keyboard(notebooks):
    page = notebooks.open("03_china.ipynb")
    view = widget_view(page, "From")
    start = view.get_by_role("slider", name="From")
    end = view.get_by_role("slider", name="To")
    first, last = start.get_attribute("aria-valuetext"), end.get_attribute("aria-valuetext")
    start.focus()
    output = view.locator(".widget-html-content").last
    changed = output.filter(has_not_text=output.inner_text()[:200])
    timed("timeline: ArrowRight on From", lambda: page.keyboard.press("ArrowRight"), changed)
    moved = start.get_attribute("aria-valuetext")
    assert moved > first
    end.focus()
    page.keyboard.press("Home")  # "to" cannot pass "from": it stops on the date "from" is on
    assert end.get_attribute("aria-valuetext") == moved
    page.keyboard.press("End")
    assert end.get_attribute("aria-valuetext") == last
    KEYBOARD["timeline explorer"] = "ok: Home, End, ArrowRight on named sliders"
    assert_widget_has_no_violations(view, "03 timeline explorer after a change")


@pytest.mark.phase(2)
@pytest.mark.parametrize("notebook", ["01_actors.ipynb", "02_geography.ipynb"])
def test_outputs_after_every_interaction(notebooks, notebook):
    """After the tests before it used the notebook's widgets and answered its exercises."""
    assert_no_violations(notebooks.open(notebook), f"{notebook[:-6]} after every interaction")


@pytest.mark.phase(2)
@pytest.mark.parametrize("notebook", ["01_actors.ipynb", "02_geography.ipynb"])
def test_outputs_at_200_percent_zoom(notebooks, notebook):
    """At 200% zoom every kit output still fits its width (nothing scrolls sideways), and axe finds nothing."""
    page = notebooks.open(notebook)
    session = page.context.new_cdp_session(page)
    # What a 1400 × 1000 window shows at 200% zoom: half the CSS pixels, each drawn twice as large.
    session.send(
        "Emulation.setDeviceMetricsOverride", {"width": 700, "height": 500, "deviceScaleFactor": 2, "mobile": False}
    )
    try:
        page.wait_for_function("() => window.innerWidth === 700 && window.devicePixelRatio === 2")
        page.wait_for_timeout(800)  # JupyterLab lays itself out again
        too_wide = page.evaluate(
            """() => [...document.querySelectorAll('.jp-OutputArea-output :is(.kit-a11y, .kit-result)')]
                 .filter(e => e.scrollWidth > e.clientWidth + 2).map(e => e.textContent.slice(0, 60))"""
        )
        found = axe_violations(page, f"{notebook[:-6]} at 200% zoom")
        answered = page.locator(".widget-vbox").filter(has=page.locator('[role="status"]:not(:empty)'))
        answered.first.scroll_into_view_if_needed()  # an exercise with its feedback
        # Playwright's own screenshot would undo the emulated zoom for the shot: ask Chromium directly.
        shot = session.send("Page.captureScreenshot", {"format": "png"})
        (ARTIFACTS / f"{notebook[:-6]}-zoom-200.png").write_bytes(base64.b64decode(shot["data"]))
        assert not too_wide, f"at 200% these outputs scroll sideways: {too_wide}"
        assert not found, f"{notebook} at 200% zoom:\n" + "\n".join(found)
    finally:
        session.send("Emulation.clearDeviceMetricsOverride")
        session.detach()


def _sheet(student, answers):
    time = "2026-11-29T10:00:00+00:00"
    return {
        "format": "kit-answers/1",
        "student": student,
        "answers": {k: {"value": v, "time": time, "attempts": 1} for k, v in answers.items()},
    }


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """``python -m kit grade`` on three synthetic sheets: all right, half answered (some wrong), hostile text."""
    bank = load_bank()
    folder = tmp_path_factory.mktemp("grading")
    collected, out = folder / "collected", folder / "out"
    collected.mkdir()
    exercises = list(bank.values())
    right = {e.id: (e.answer if e.answer is not None else "My memo on the office.") for e in exercises}
    half = {e.id: value for e, value in zip(exercises, right.values(), strict=True) if e.type in ("single", "text")}
    half |= {e.id: "no idea" for e in exercises if e.type == "text"}
    hostile = {"actors-6": "<script>alert(1)</script> =1+1", "actors-8": "<img src=x onerror=alert(1)>"}
    for name, answers in (("ada", right), ("ben", half), ("cy<b>", hostile)):
        (collected / f"{name.strip('<>b')}.json").write_text(json.dumps(_sheet(name, answers)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "kit", "grade", str(collected), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(list((out / "feedback").glob("*.html"))) >= 3, pages
    return out, pages


def test_grading_pages(browser_context, graded_class):
    out, pages = graded_class
    page = browser_context.new_page()
    try:
        for path in pages:
            page.goto(path.as_uri())
            label = f"grading: {path.relative_to(out)}"
            assert page.evaluate("() => document.documentElement.lang") == "en", label
            assert page.locator("h1").count() == 1, label
            assert page.locator("main").count() == 1, f"{label}: no main landmark"
            for image in page.locator("img").all():
                assert (image.get_attribute("alt") or "").strip(), f"{label}: an image has no text alternative"
            assert_no_violations(page, label, None)
    finally:
        page.close()

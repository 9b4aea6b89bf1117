"""Every exercise type answered with the keyboard alone in JupyterLab: Tab, Shift+Tab, Space, Enter and the arrow
keys where the control expects them; the feedback is announced (a live region) and focus stays on Check.

Each test starts with focus on the exercise's first control (where Tab from the cell above lands), then uses
only ``page.keyboard``. The keys that choose an option are worked out from the bank (the option's position),
and the answer the kit saved is read back from the student's answer sheet.
"""

from __future__ import annotations

import pytest

from kit.exercises.bank import load_bank
from kit.exercises.types.base import labels_of

from .conftest import KEYBOARD
from .test_jupyterlab import exercise_box, recorded_answer, timed

pytestmark = pytest.mark.browser
BANK = load_bank()
ACTIVE = """() => {
  const a = document.activeElement;
  return a ? (a.tagName + ' ' + (a.type || '') + ' ' + (a.textContent || '').trim()).trim() : '';
}"""


def active(page) -> str:
    return page.evaluate(ACTIVE)


def start_on_first_control(page, box):
    control = box.locator("input, select, textarea").first
    control.focus()
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('.jp-OutputArea')")
    return control


def press(page, *keys):
    for key in keys:
        page.keyboard.press(key)


def tab_to_check_and_press(page, box, exercise_id, key="Enter", most=12):
    """Tab forward to the Check button (never past it), press it with ``key``; return the announced feedback."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if active(page) == "BUTTON submit Check" or active(page).endswith("Check"):
            break
    else:
        pytest.fail(f"{exercise_id}: {most} presses of Tab did not reach Check (focus on {active(page)!r})")
    status = box.get_by_role("status").first
    feedback = status.filter(has_text=f"{exercise_id}:")
    timed(f"exercise {exercise_id}: {key} on Check", lambda: page.keyboard.press(key), feedback)
    assert active(page).endswith("Check"), f"focus moved to {active(page)!r} after Check"
    return status.inner_text()


def arrow_presses(exercise, values: list[str], value: str) -> int:
    """How many ArrowDown presses move a list from its placeholder to ``value``."""
    return values.index(value) + 1


@pytest.mark.notebook("01_actors.ipynb")
def test_single_choice_with_arrow_keys(notebooks, lab):
    page = notebooks.open("01_actors.ipynb")
    exercise = BANK.get_exercise("actors-1")
    box = exercise_box(page, exercise.id)
    start_on_first_control(page, box)
    target = exercise.options.index("Jens Stoltenberg")
    press(page, "Space")  # choose the first option, as Space does on a radio button
    press(page, *["ArrowDown"] * (target + 1), "ArrowUp")  # one past it and back: both directions work
    said = tab_to_check_and_press(page, box, exercise.id)
    assert "actors-1: Correct" in said
    assert recorded_answer(lab, exercise.id) == "Jens Stoltenberg"
    assert box.get_by_role("radio", name="Jens Stoltenberg", exact=True).is_checked()
    KEYBOARD["single (radio group)"] = "ok: Space, ArrowDown ×2, ArrowUp, Tab, Enter"


@pytest.mark.notebook("01_actors.ipynb")
def test_multiple_choice_with_tab_and_space(notebooks, lab):
    page = notebooks.open("01_actors.ipynb")
    exercise = BANK.get_exercise("actors-3")
    box = exercise_box(page, exercise.id)
    start_on_first_control(page, box)
    ticks = [option in exercise.answer for option in exercise.options]
    for index, tick in enumerate(ticks):
        if tick:
            press(page, "Space")
        if index < len(ticks) - 1:
            press(page, "Tab")
    press(page, "Shift+Tab", "Tab")  # back one box and forward again: the ticks stay
    said = tab_to_check_and_press(page, box, exercise.id, key="Space")
    assert "actors-3: Correct" in said
    assert recorded_answer(lab, exercise.id) == exercise.answer
    KEYBOARD["multiple (check boxes)"] = "ok: Space, Tab, Shift+Tab, Space on Check"


def choose_in_lists(page, exercise, rows: list[str], shown: list[str], names: list[str]):
    """One list per row: ArrowDown to the wanted option (lists start on the placeholder), Tab to the next list."""
    for n, wanted in enumerate(rows):
        press(page, *["ArrowDown"] * arrow_presses(exercise, names, wanted))
        assert active(page).startswith("SELECT"), f"focus left the list: {active(page)!r}"
        if n < len(rows) - 1:
            press(page, "Tab")


def lists_test(page, lab, exercise_id, names, shown, kind):
    exercise = BANK.get_exercise(exercise_id)
    box = exercise_box(page, exercise.id)
    start_on_first_control(page, box)
    choose_in_lists(page, exercise, exercise.answer, shown, names)
    said = tab_to_check_and_press(page, box, exercise.id)
    assert f"{exercise.id}: Correct" in said
    assert recorded_answer(lab, exercise.id) == exercise.answer
    for select in box.locator("select").all():  # each list named by its whole text (the label above it)
        name = select.evaluate("s => s.labels[0].textContent")
        assert len(name) > 3 and not name.endswith("…")
    KEYBOARD[kind] = "ok: ArrowDown in each list, Tab, Enter"


@pytest.mark.notebook("01_actors.ipynb")
def test_matching_with_arrow_keys_in_lists(notebooks, lab):
    page = notebooks.open("01_actors.ipynb")
    exercise = BANK.get_exercise("actors-4")
    lists_test(page, lab, "actors-4", exercise.choices, labels_of(exercise, exercise.choices), "matching (lists)")
    box = exercise_box(page, "actors-4")
    first_quote = labels_of(exercise, exercise.items)[0]
    assert box.get_by_role("combobox", name=f"1. {first_quote}", exact=True).count() == 1


@pytest.mark.notebook("01_actors.ipynb")
@pytest.mark.parametrize(
    "exercise_id, typed, kind, said",
    [
        ("actors-6", "nato", "text (text box)", "actors-6: Correct"),
        ("actors-7", "3", "numeric (text box)", "actors-7: Correct"),
        ("actors-8", "Macron objects that Tokyo lies outside the North Atlantic.", "free (text area)", "recorded"),
    ],
)
def test_typed_answers(notebooks, lab, exercise_id, typed, kind, said):
    page = notebooks.open("01_actors.ipynb")
    box = exercise_box(page, exercise_id)
    field = start_on_first_control(page, box)
    page.keyboard.type(typed, delay=20)
    assert field.input_value() == typed
    assert said in tab_to_check_and_press(page, box, exercise_id)
    saved = recorded_answer(lab, exercise_id)
    assert str(saved).lower() == typed.lower() or float(saved) == float(typed)
    KEYBOARD[kind] = "ok: typing, Tab, Enter"


@pytest.mark.notebook("02_geography.ipynb")
def test_classify_with_arrow_keys_in_lists(notebooks, lab):
    page = notebooks.open("02_geography.ipynb")
    exercise = BANK.get_exercise("geo-1")
    lists_test(page, lab, "geo-1", exercise.choices, labels_of(exercise, exercise.choices), "classify (lists)")


@pytest.mark.notebook("02_geography.ipynb")
def test_ordering_with_arrow_keys_in_lists(notebooks, lab):
    page = notebooks.open("02_geography.ipynb")
    exercise = BANK.get_exercise("geo-8")
    lists_test(page, lab, "geo-8", exercise.items, labels_of(exercise, exercise.items), "ordering (lists)")


@pytest.mark.notebook("01_actors.ipynb")
@pytest.mark.phase(2)
def test_feedback_is_a_live_region_in_the_accessibility_tree(notebooks):
    """After the checks above, Chromium's accessibility tree holds a status region with the feedback text."""
    page = notebooks.open("01_actors.ipynb")
    box = exercise_box(page, "actors-1")
    tree = box.aria_snapshot()
    assert "- status:" in tree and "actors-1: Correct" in tree, tree
    assert box.locator('[role="status"][aria-live="polite"]').count() >= 1
    assert box.get_by_role("group", name="Choose one answer").count() == 1

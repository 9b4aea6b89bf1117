"""An exercise as a widget: labelled inputs, a Check button, feedback and the explanation side by side.

Each type builds its own inputs (:func:`kit.exercises.types.widget`); this module
lays them out, fills in the saved answer when the notebook is reopened, and wires
the buttons. Messages in the widget name buttons, never code.

>>> import tempfile, pathlib
>>> from kit.exercises.answers import use_answer_sheet
>>> _ = use_answer_sheet(pathlib.Path(tempfile.mkdtemp()) / "sheet.json")  # not the student's own sheet
>>> box = ask("actors-7")
>>> box.controls["answer"].value = "3"
>>> box.controls["check"].click()
>>> "Correct" in box.output.value
True
"""

from __future__ import annotations

import html

from kit.core.accessible import LiveRegion
from kit.exercises import types
from kit.exercises.bank import load_bank
from kit.exercises.session import check_and_record, explain, is_self_study, saved_answer


def _html(value: str = ""):
    import ipywidgets as widgets

    return widgets.HTML(value=value, layout=widgets.Layout(width="100%"))


def ask(exercise_id: str):
    """An exercise as a labelled widget with a Check button; feedback appears below and the answer is saved."""
    import ipywidgets as widgets

    try:
        bank = load_bank()
        exercise = bank.get_exercise(exercise_id)
    except Exception as err:  # a typo in the id must show a message, not a traceback
        return widgets.HTML(value=f"<p>❌ {html.escape(str(err))}</p>")
    inputs = types.widget(exercise)
    solo = is_self_study()
    button = widgets.Button(description="Check", button_style="primary", tooltip=f"Check and save {exercise.id}")
    withheld = exercise.graded and bank.released
    why = widgets.Button(
        description="Show explanation",
        disabled=withheld,
        tooltip="Not in this copy: it comes after grading" if withheld else "Opens after you have tried",
    )
    # Feedback and explanation are live regions: a screen reader reads them when Check or Show explanation is
    # pressed, while focus stays on the button (see kit.core.accessible).
    output, explanation = LiveRegion(), LiveRegion()

    def on_check(_=None):
        try:
            output.value = check_and_record(exercise.id, inputs.read(), from_widget=True)._repr_html_()
        except Exception as err:  # feedback must never vanish into the widget log
            output.value = f"<p>❌ The answer could not be checked ({type(err).__name__}). Tell your instructor.</p>"

    def on_explain(_=None):
        explanation.value = explain(exercise.id)._repr_html_()

    button.on_click(on_check)
    why.on_click(on_explain)
    output.value = _restore(inputs, saved_answer(exercise.id))
    header = _html(f"<p><strong>{exercise.id}</strong> ({_badge(exercise, solo)}): {html.escape(exercise.prompt)}</p>")
    controls = {**inputs.controls, "check": button, "explain": why}
    # Feedback and explanation sit side by side (wrapping on narrow screens): one never replaces the other.
    results = widgets.Box(
        [output, explanation], layout=widgets.Layout(display="flex", flex_flow="row wrap", width="100%")
    )
    for part in (output, explanation):
        part.layout = widgets.Layout(flex="1 1 20em", min_width="16em")
    box = widgets.VBox([header, *inputs.layout(), widgets.HBox([button, why]), results])
    box.controls, box.output, box.explanation, box.inputs = controls, output, explanation, inputs
    return box


def _badge(exercise, solo: bool) -> str:
    points = f"{exercise.points:g} point{'' if exercise.points == 1 else 's'}"
    if not solo:
        return f"{'graded' if exercise.graded else 'practice'}, {points}"
    return points if exercise.has_key else f"{points}; this copy cannot check it"


def _restore(inputs, entry: dict | None) -> str:
    """Fill the inputs with the saved answer; return the note shown where feedback goes ('' if none)."""
    if entry is None:
        return ""
    try:
        inputs.restore(entry["value"])
    except Exception:  # a saved value the inputs cannot show: the file keeps it, the widget starts empty
        return "<div>Your saved answer could not be shown here; it is still in your answer sheet.</div>"
    attempts = entry.get("attempts") or 0
    tries = f" (attempt {attempts})" if attempts else ""
    return f"<div>Your saved answer{tries} is filled in. Press Check to see its feedback again.</div>"

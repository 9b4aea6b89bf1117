"""An exercise as a widget: labelled inputs, a Check button, feedback below, the answer saved.

>>> box = ask("actors-7")
>>> box.controls["answer"].value = "3"
>>> box.controls["check"].click()
>>> "Correct" in box.output.value
True
"""

from __future__ import annotations

import html

from kit.exercises.bank import load_bank
from kit.exercises.session import check, explain


def _box(children, controls: dict, output):
    import ipywidgets as widgets

    box = widgets.VBox(children)
    box.controls, box.output = controls, output
    return box


def _html(value: str = ""):
    import ipywidgets as widgets

    return widgets.HTML(value=value, layout=widgets.Layout(width="100%"))


def ask(exercise_id: str):
    """An exercise as a labelled widget with a Check button; feedback appears below and the answer is saved."""
    import ipywidgets as widgets

    try:
        exercise = load_bank().get_exercise(exercise_id)
    except Exception as err:  # a typo in the id must show a message, not a traceback
        return widgets.HTML(value=f"<p>❌ {html.escape(str(err))}</p>")
    inputs = _answer_inputs(exercise)
    button = widgets.Button(description="Check", button_style="primary", tooltip=f"Check and save {exercise.id}")
    withheld = exercise.graded and load_bank().released
    why = widgets.Button(description="Show explanation", disabled=withheld, tooltip="Opens after you have tried")
    output = _html()

    def on_check(_=None):
        try:
            output.value = check(exercise.id, _read_answer(exercise, inputs))._repr_html_()
        except Exception as err:  # feedback must never vanish into the widget log
            output.value = f"<p>❌ The answer could not be checked ({type(err).__name__}). Tell your instructor.</p>"

    button.on_click(on_check)
    why.on_click(lambda _=None: setattr(output, "value", explain(exercise.id)._repr_html_()))
    kind = "graded" if exercise.graded else "practice"
    points = f"{exercise.points:g} point{'' if exercise.points == 1 else 's'}"
    header = _html(f"<p><strong>{exercise.id}</strong> ({kind}, {points}): {html.escape(exercise.prompt)}</p>")
    controls = {**inputs, "check": button, "explain": why}
    return _box([header, *inputs.values(), widgets.HBox([button, why]), output], controls, output)


def _answer_inputs(exercise) -> dict:
    """The labelled input widgets for one exercise, by name."""
    import ipywidgets as widgets

    style, wide = {"description_width": "initial"}, widgets.Layout(width="95%")

    def dropdown(options, label):
        return widgets.Dropdown(
            options=["(choose)", *options], value="(choose)", description=label, style=style, layout=wide
        )

    kind = exercise.type
    if kind == "single":
        return {"answer": widgets.RadioButtons(options=exercise.options, value=None, description="Answer", style=style)}
    if kind == "multiple":
        return {
            f"option {i}": widgets.Checkbox(value=False, description=option, style=style, layout=wide)
            for i, option in enumerate(exercise.options, 1)
        }
    # Typed answers sync once, when the box loses focus, so the value always reaches the kernel before the
    # Check click does (keystroke-by-keystroke updates can be held back by ipywidgets' message throttle).
    typed = {"value": "", "style": style, "continuous_update": False}
    if kind in ("numeric", "text"):
        label = f"Answer ({exercise.unit})" if exercise.unit else "Answer"
        return {"answer": widgets.Text(description=label, placeholder="type your answer", **typed)}
    if kind in ("matching", "classify"):
        return {item: dropdown(exercise.choices, item[:60]) for item in exercise.items}
    if kind == "ordering":
        return {f"position {n}": dropdown(exercise.items, f"{n}.") for n in range(1, len(exercise.items) + 1)}
    layout = widgets.Layout(width="95%", height="8em")
    return {"answer": widgets.Textarea(description="Your answer", placeholder="write here", layout=layout, **typed)}


def _read_answer(exercise, inputs: dict):
    """The answer in the form ``kit.check`` accepts, read from the input widgets."""
    values = [widget.value for widget in inputs.values()]
    if exercise.type == "multiple":
        return [option for option, ticked in zip(exercise.options, values, strict=True) if ticked]
    if exercise.type in ("matching", "classify"):
        return [None if value == "(choose)" else value for value in values]
    if exercise.type == "ordering":
        return values
    return values[0]

"""One option from a list (radio buttons)."""

from __future__ import annotations

from kit.exercises.types.base import AnswerInputs, ExerciseType, label_of, labels_of, match_name


class Single(ExerciseType):
    name = "single"

    def validate(self, exercise, fail):
        if len(exercise.options) < 2:
            raise fail("options", "at least two options", exercise.options)
        if exercise.answer is not None and exercise.answer not in exercise.options:
            raise fail("answer", "one of the options", exercise.answer)

    def expected_form(self, exercise):
        return "one of the options, as text, e.g. " + repr(label_of(exercise, exercise.options[0]))

    def parse(self, exercise, value):
        return match_name(exercise.options, value, exercise)

    def score(self, exercise, value, practice):
        if value == exercise.answer:
            return 1.0, ["Well done."]
        return 0.0, [exercise.feedback.get(value, "Not this one: re-read the passage and the options.")]

    def describe_key(self, exercise):
        # As the student saw the option: a case id ("canary-islands") by its name in the case.
        return "" if exercise.answer is None else label_of(exercise, exercise.answer)

    def wrong_parts(self, exercise, value):
        return [] if exercise.answer is None or value == exercise.answer else [value]

    def widget(self, exercise):
        # Radio buttons JupyterLab leaves the arrow keys to (ipywidgets' RadioButtons lose them to the notebook).
        options = list(zip(labels_of(exercise, exercise.options), exercise.options, strict=True))
        buttons = _accessible().RadioGroup(options, description="Choose one answer")

        def restore(value):
            if value in exercise.options:
                buttons.value = value

        return AnswerInputs({"answer": buttons}, lambda: buttons.value, restore)


TYPE = Single()


def _accessible():
    """The accessible controls (they import anywidget: only when a widget is built, never to grade)."""
    from kit.core import accessible

    return accessible

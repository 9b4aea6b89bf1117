"""Several options from a list (check boxes); partial credit."""

from __future__ import annotations

from kit.exercises.types.base import (
    AnswerInputs,
    ExerciseType,
    FormError,
    bounded_list,
    label_of,
    labels_of,
    match_name,
)


class Multiple(ExerciseType):
    name = "multiple"

    def validate(self, exercise, fail):
        if len(exercise.options) < 2:
            raise fail("options", "at least two options", exercise.options)
        key = exercise.answer
        if key is not None and not (isinstance(key, list) and key and set(key) <= set(exercise.options)):
            raise fail("answer", "a list of options", key)

    def expected_form(self, exercise):
        return "a list of the options you choose, e.g. " + repr([label_of(exercise, o) for o in exercise.options[:2]])

    def parse(self, exercise, value):
        if isinstance(value, set | frozenset) and len(value) <= len(exercise.options):
            value = list(value)
        values = bounded_list([value] if isinstance(value, str) else value, self.expected_form(exercise))
        if not values:
            raise FormError("Choose at least one option before checking.")
        chosen = {match_name(exercise.options, v, exercise) for v in values}
        return [o for o in exercise.options if o in chosen]

    def score(self, exercise, value, practice):
        key = exercise.answer
        right, wrong = set(value) & set(key), set(value) - set(key)
        wrong_in_order = [o for o in exercise.options if o in wrong]
        messages = [exercise.feedback.get(w, f"{label_of(exercise, w)!r} does not belong.") for w in wrong_in_order]
        missed = len(set(key) - set(value))
        if missed:
            messages.append(
                f"You missed {missed} option{'s' if missed > 1 else ''} that belong{'' if missed > 1 else 's'}."
            )
        # Partial credit: (right picks - wrong picks) / right options, never below 0 (exercises/README.md).
        return max(0.0, (len(right) - len(wrong)) / len(key)), messages or ["Well done."]

    def wrong_parts(self, exercise, value):
        return [] if exercise.answer is None else [o for o in value if o not in exercise.answer]

    def key_texts(self, exercise):
        # Only the key as data: a bare list of the right options, in the options' order, is also the start of
        # the options list whenever the right ones come first, and the options ship with every copy.
        return super().key_texts(exercise)[:1]

    def widget(self, exercise):
        # One named group of check boxes, each option's text whole (an ipywidgets Checkbox cuts long text short).
        options = list(zip(labels_of(exercise, exercise.options), exercise.options, strict=True))
        boxes = _accessible().CheckGroup(options, description="Tick every answer that applies")

        def restore(value):
            saved = set(value) if isinstance(value, list) else set()
            boxes.value = [o for o in exercise.options if o in saved]

        return AnswerInputs({"answer": boxes}, lambda: list(boxes.value), restore)


TYPE = Multiple()


def _accessible():
    """The accessible controls (they import anywidget: only when a widget is built, never to grade)."""
    from kit.core import accessible

    return accessible

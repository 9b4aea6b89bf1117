"""A written answer, scored by the instructor against a rubric; a live word count in the widget."""

from __future__ import annotations

from kit.exercises.types.base import MAX_TEXT, AnswerInputs, ExerciseType, bounded_text
from kit.exercises.types.controls import typed, widgets


def word_count(text: str) -> int:
    """Words separated by white space.

    >>> word_count("  Geography is   stubborn. ")
    3
    """
    return len(text.split())


class Free(ExerciseType):
    name = "free"
    manual = True

    def validate(self, exercise, fail):
        if not exercise.rubric:
            raise fail("rubric", "a list of rubric criteria", exercise.rubric)
        if exercise.answer is not None:
            raise fail("answer", "no key (free text is scored by the instructor; use model_answer)", exercise.answer)

    def expected_form(self, exercise):
        return "a text (your written answer)"

    def parse(self, exercise, value):
        return bounded_text(value, MAX_TEXT, "a written answer")

    def score(self, exercise, value, practice):
        return 0.0, [f"Graded by your instructor against: {'; '.join(exercise.rubric)}."]

    def describe_key(self, exercise):
        return exercise.model_answer

    def key_texts(self, exercise):
        return [exercise.model_answer] if exercise.model_answer else []

    def widget(self, exercise):
        w = widgets()
        # Keystrokes reach the kernel so the word count follows the typing; the note says when the box holds
        # more than was last checked (an update can arrive after a quick Check), so nothing is lost unseen.
        box = typed("Your answer", "write here", area=True, continuous=True)
        count = w.HTML(value="0 words")
        checked: dict[str, str | None] = {"text": None}

        def show_count(_=None):
            words = word_count(box.value)
            note = (
                ""
                if checked["text"] in (None, box.value)
                else " · changed since your last check: press Check to save it"
            )
            count.value = f"{words} word{'' if words == 1 else 's'}{note}"

        box.observe(show_count, names="value")

        def read():
            checked["text"] = box.value
            show_count()
            return box.value

        def restore(value):
            if isinstance(value, str):
                box.value = value
                checked["text"] = value
                show_count()

        return AnswerInputs({"answer": box}, read, restore, [box, count])


TYPE = Free()

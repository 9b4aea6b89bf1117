"""A short text, compared after normalising, with accepted variants.

The rule for variants: an answer is right when the key or one of the bank's
``accept`` texts equals, after :func:`normalise_text`, either the whole answer or
its head, the part before its first comma or parenthesis. So "Vilnius, Lithuania"
and "Vilnius (Lithuania)" are right for "Vilnius": what follows the head only
qualifies it. "Not Vilnius, Riga" is not: its head is "Not Vilnius".
"""

from __future__ import annotations

import json

from kit.exercises.types.base import MAX_SHORT, AnswerInputs, ExerciseType, bounded_text, head_of, normalise_text
from kit.exercises.types.controls import typed


def readings(text: str) -> list[str]:
    """The normalised forms of an answer the key is compared with: the whole, then its head.

    >>> readings("The Vilnius, Lithuania")
    ['vilnius lithuania', 'vilnius']
    """
    whole, head = normalise_text(text), normalise_text(head_of(text))
    return [whole] if head in ("", whole) else [whole, head]


class Text(ExerciseType):
    name = "text"

    def validate(self, exercise, fail):
        if exercise.answer is not None and not (isinstance(exercise.answer, str) and normalise_text(exercise.answer)):
            raise fail("answer", "a text", exercise.answer)
        if not all(isinstance(a, str) and normalise_text(a) for a in exercise.accept):
            raise fail("accept", "a list of texts", exercise.accept)

    def expected_form(self, exercise):
        return "a short text, e.g. 'NATO'"

    def parse(self, exercise, value):
        return bounded_text(value, MAX_SHORT, "a short answer")

    def score(self, exercise, value, practice):
        accepted = {normalise_text(a) for a in [exercise.answer, *exercise.accept]}
        forms = readings(value)
        if accepted.intersection(forms):
            return 1.0, ["Well done."]
        message = next((exercise.feedback[f] for f in forms if f in exercise.feedback), None)
        return 0.0, [message or "Not the answer the sources support: check the passage again."]

    def wrong_parts(self, exercise, value):
        if exercise.answer is None or self.score(exercise, value, False)[0] == 1:
            return []
        return [normalise_text(value)]

    def key_texts(self, exercise):
        found = super().key_texts(exercise)
        if exercise.accept:
            found.append(json.dumps({"accept": exercise.accept}, ensure_ascii=False)[1:-1])
        return found

    def widget(self, exercise):
        box = typed("Answer", "type your answer")

        def restore(value):
            if isinstance(value, str):
                box.value = value

        return AnswerInputs({"answer": box}, lambda: box.value, restore)


TYPE = Text()

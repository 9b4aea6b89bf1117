"""Match each item to one choice (a drop-down per item); partial credit per item."""

from __future__ import annotations

from kit.exercises.types.base import (
    MAX_LIST,
    AnswerInputs,
    ExerciseType,
    FormError,
    bounded_list,
    label_of,
    labels_of,
    match_name,
    normalise_text,
)
from kit.exercises.types.controls import choose, chosen, dropdown


class Matching(ExerciseType):
    name = "matching"

    def validate(self, exercise, fail):
        if not (exercise.items and exercise.choices):
            raise fail("items", "items and choices", exercise.items)
        key = exercise.answer
        fits = isinstance(key, list) and len(key) == len(exercise.items) and set(key) <= set(exercise.choices)
        if key is not None and not fits:
            raise fail("answer", "one choice per item, in the order of items", key)

    def expected_form(self, exercise):
        choices = labels_of(exercise, exercise.choices)
        return f"a dict from each item to one of {choices!r}, or a list of choices in the order of the items"

    def parse(self, exercise, value):
        items = exercise.items
        if isinstance(value, dict):
            if len(value) > MAX_LIST:
                raise FormError(f"The answer has {len(value):,} entries; give one for each of the {len(items)} items.")
            lookup = {}
            for key, choice in value.items():
                if isinstance(key, str) and len(key) <= 1000:
                    lookup[normalise_text(key)] = choice
            pairs = []
            for item in items:
                names = (normalise_text(item), normalise_text(label_of(exercise, item)))
                found = next((lookup[n] for n in names if n in lookup), ...)
                pairs.append((item, found))
            missing = [label_of(exercise, item) for item, choice in pairs if choice is ...]
            if missing:
                raise FormError(f"Give a choice for every item; missing: {'; '.join(repr(m) for m in missing)}.")
        else:
            values = bounded_list(value, self.expected_form(exercise))
            if len(values) != len(items):
                raise FormError(f"Give one choice for each of the {len(items)} items, in order.")
            pairs = list(zip(items, values, strict=True))
        still_open = [label_of(exercise, item) for item, choice in pairs if choice is None or choice == ""]
        if still_open:
            raise FormError(f"Choose an answer for every item; still open: {'; '.join(repr(i) for i in still_open)}.")
        return [match_name(exercise.choices, choice, exercise, "choices") for _, choice in pairs]

    def score(self, exercise, value, practice):
        key = exercise.answer
        wrong = [item for item, got, want in zip(exercise.items, value, key, strict=True) if got != want]
        messages = [exercise.feedback.get(item, f"Look again at: {label_of(exercise, item)}") for item in wrong]
        return (len(key) - len(wrong)) / len(key), messages or ["Well done."]

    def wrong_parts(self, exercise, value):
        if exercise.answer is None:
            return []
        triples = zip(exercise.items, value, exercise.answer, strict=True)
        return [f"{item} → {got}" for item, got, want in triples if got != want]

    def describe_key(self, exercise):
        if exercise.answer is None:
            return ""
        pairs = zip(exercise.items, exercise.answer, strict=True)
        return "; ".join(f"{label_of(exercise, item)} → {label_of(exercise, key)}" for item, key in pairs)

    def key_texts(self, exercise):
        # Besides the key list itself: each long item printed beside its choice, as a table or a key would show it.
        found = super().key_texts(exercise)
        if exercise.answer is not None:
            found += [
                f"{item} {key}" for item, key in zip(exercise.items, exercise.answer, strict=True) if len(item) >= 30
            ]
        return found

    def widget(self, exercise):
        shown = labels_of(exercise, exercise.choices)
        # Each list is named by its item's whole text, which it shows above itself.
        menus = {
            item: dropdown(exercise.choices, shown, f"{n}. {label_of(exercise, item)}")
            for n, item in enumerate(exercise.items, 1)
        }

        def restore(value):
            if isinstance(value, list) and len(value) == len(menus):
                for menu, choice in zip(menus.values(), value, strict=True):
                    choose(menu, choice)

        return AnswerInputs(menus, lambda: [chosen(menu) for menu in menus.values()], restore)


TYPE = Matching()

"""Put items in order (a drop-down per position); partial credit for each item in its place."""

from __future__ import annotations

from kit.exercises.types.base import (
    AnswerInputs,
    ExerciseType,
    FormError,
    bounded_list,
    label_of,
    labels_of,
    match_name,
    ordinal,
)
from kit.exercises.types.controls import choose, chosen, dropdown, label


class Ordering(ExerciseType):
    name = "ordering"

    def validate(self, exercise, fail):
        if len(exercise.items) < 2 or len(set(exercise.items)) != len(exercise.items):
            raise fail("items", "at least two different items to order", exercise.items)
        key = exercise.answer
        if key is not None and not (isinstance(key, list) and sorted(key) == sorted(exercise.items)):
            raise fail("answer", "the items, each once, in the right order", key)
        if key is not None and key == exercise.items:  # the items are shown in the order given
            raise fail("items", "the items in another order than the key (students see them in this order)", key)

    def expected_form(self, exercise):
        return "a list of all the items, each once, in order"

    def parse(self, exercise, value):
        values = bounded_list(value, self.expected_form(exercise))
        if any(v is None or v == "" for v in values) or len(values) < len(exercise.items):
            raise FormError("Fill every position with an item before checking.")
        ordered = [match_name(exercise.items, v, exercise, "items") for v in values]
        if sorted(ordered) != sorted(exercise.items):
            # Every position is filled with one of the items, so a list that is not a permutation repeats one.
            twice = sorted({label_of(exercise, i) for i in ordered if ordered.count(i) > 1})
            raise FormError(f"Put every item in the list exactly once. Used more than once: {'; '.join(twice)}.")
        return ordered

    def score(self, exercise, value, practice):
        key = exercise.answer
        misplaced = [(n, got) for n, (got, want) in enumerate(zip(value, key, strict=True), 1) if got != want]
        if not misplaced:
            return 1.0, ["Well done."]
        placed = len(key) - len(misplaced)
        messages = [f"{placed} of {len(key)} items are in the right place. Not in their place:"]
        for n, item in misplaced:
            where = f"you put it {ordinal(n)}"
            if practice:  # a practice item may say which way to move it
                where += "; it belongs " + ("earlier" if key.index(item) < n - 1 else "later")
            messages.append(f"{label_of(exercise, item)} ({where}).")
        return placed / len(key), messages

    def widget(self, exercise):
        shown = labels_of(exercise, exercise.items)
        menus = {
            f"position {n}": dropdown(exercise.items, shown, f"{ordinal(n)}:")
            for n in range(1, len(exercise.items) + 1)
        }

        def restore(value):
            if isinstance(value, list):
                for menu, item in zip(menus.values(), value, strict=False):
                    choose(menu, item)

        children = [label("Items to order: " + "; ".join(shown)), *menus.values()]
        return AnswerInputs(menus, lambda: [chosen(m) for m in menus.values()], restore, children)


TYPE = Ordering()

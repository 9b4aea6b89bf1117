"""Print how fast the exercise widgets answer, and how the parsers scale on hostile text.

Target (BRIEF): a widget answers within a tenth of a second. Measured in-process, per exercise of the bank:
building the widget (``kit.ask``, with its saved answer filled in) and a Check click (parse, score, save the
answer sheet, render the feedback). Then each parser on crafted text from 1 KB to 1 MB: the time must grow no
faster than the length (and stays flat here, because answers are bounded before matching).

Usage: python benchmarks/bench_exercises.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 0.1  # seconds


def median_time(action, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    import kit
    from kit.exercises import types
    from kit.exercises.answers import use_answer_sheet
    from kit.exercises.bank import load_bank

    use_answer_sheet(Path(tempfile.mkdtemp()) / "sheet.json", student="bench")
    bank = load_bank()
    kit.ask(next(iter(bank)))  # first use imports ipywidgets and loads the case: not what a click costs
    print(f"{'exercise':<10} {'type':<9} {'build (ms)':>10} {'check (ms)':>10}")
    worst = 0.0
    for exercise in bank.values():
        build = median_time(lambda e=exercise: kit.ask(e.id))
        box = kit.ask(exercise.id)
        answer = exercise.answer if exercise.answer is not None else "A short written answer."
        box.inputs.restore(types.parse(exercise, answer))
        click = median_time(box.controls["check"].click)
        worst = max(worst, build, click)
        print(f"{exercise.id:<10} {exercise.type:<9} {build * 1000:>10.1f} {click * 1000:>10.1f}")
    verdict = "within" if worst < TARGET else "OVER"
    print(f"slowest: {worst * 1000:.1f} ms ({verdict} the {TARGET * 1000:.0f} ms target)\n")

    print(f"{'hostile text':<28} {'1 KB':>9} {'10 KB':>9} {'100 KB':>9} {'1 MB':>9}")
    from kit.exercises.checking import check_answer

    shapes = {
        '"1" + " ," * n + "x"': lambda n: "1" + " ," * (n // 2) + "x",
        '"1" + " " * n + "x\\n\\nx"': lambda n: "1" + " " * n + "x\n\nx",
        '"the " * n': lambda n: "the " * (n // 4),
    }
    samples = {e.type: e for e in bank.values()}
    for name, make in shapes.items():
        row = []
        for size in (1_000, 10_000, 100_000, 1_000_000):
            text = make(size)
            row.append(median_time(lambda t=text: [check_answer(e, t) for e in samples.values()], runs=3))
        print(f"{name:<28} " + " ".join(f"{t * 1000:>7.2f}ms" for t in row))
    print(f"(each cell: one answer checked against one exercise of each of the {len(samples)} types)")


if __name__ == "__main__":
    main()

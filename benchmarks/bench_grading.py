"""Generate a synthetic class and grade it end to end; print the time and peak memory.

Target (issue 4): 1,000 submissions in < 5 s on a 2-core machine, including every output
(gradebook, LMS files, 1,000 feedback pages, class summary with figures).

Usage: python benchmarks/bench_grading.py [N]
"""

from __future__ import annotations

import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from kit.exercises.bank import load_bank
from kit.grading.grade import grade_files
from kit.grading.reports import write_reports


def synthetic_class(folder: Path, size: int, seed: int = 7) -> None:
    """Answer sheets where each answer is right with probability 0.7, else a wrong option or form."""
    rng = random.Random(seed)
    bank = load_bank()
    for n in range(size):
        answers = {}
        for exercise in bank.values():
            if rng.random() < 0.1:
                continue  # not answered
            right = rng.random() < 0.7
            if exercise.type == "free":
                value = "An answer of a few sentences." * 5
            elif right:
                value = exercise.answer
            elif exercise.type == "single":
                value = rng.choice(exercise.options)
            elif exercise.type == "numeric":
                value = exercise.answer + rng.randint(1, 100)
            elif exercise.type in ("matching", "classify"):
                value = [rng.choice(exercise.choices) for _ in exercise.items]
            elif exercise.type == "ordering":
                value = rng.sample(exercise.items, len(exercise.items))
            elif exercise.type == "multiple":
                value = rng.sample(exercise.options, 2)
            else:
                value = "a guess"
            answers[exercise.id] = {"value": value, "time": "2026-11-29T10:00:00+00:00", "attempts": 1}
        sheet = {"format": "kit-answers/1", "student": f"s{n:05d}", "answers": answers}
        (folder / f"s{n:05d}.json").write_text(json.dumps(sheet), encoding="utf-8")


def main(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "subs", Path(tmp) / "out"
        folder.mkdir()
        synthetic_class(folder, size)
        bank = load_bank()
        start = time.perf_counter()
        results = grade_files([folder], bank, show_progress=False)
        graded = time.perf_counter()
        write_reports(results, bank, out, "NATO Tokyo kit")
        done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{size} submissions: grading {graded - start:.2f} s + reports {done - graded:.2f} s = {done - start:.2f} s")
    print(f"  (target < 5 s for 1,000); peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

"""Grade a synthetic class end to end with the command line, as an instructor runs it; print time and memory.

Targets (issue 9), on this machine: 1,000 submissions in under 2.5 s and 10,000 in under 25 s, each
measured from the command's start to its exit (Python start-up, reading, grading, every report:
gradebook, LMS files, a feedback page per student, class summary with figures), with flat memory
(peak memory per student falling as the class grows). 30% of answers are wrong, 10% missing.

Usage: python benchmarks/bench_grading.py [N ...]   (default: 1000 10000)
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from kit.exercises.bank import load_bank

TARGETS = {1000: 2.5, 10000: 25.0}


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
                value = f"Student {n} argues in a few sentences. " * 5
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


def run(size: int) -> tuple[float, float]:
    """(seconds, peak MB) of `python -m kit grade` on ``size`` sheets, in a child process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "subs", Path(tmp) / "out"
        folder.mkdir()
        synthetic_class(folder, size)
        command = [sys.executable, "-m", "kit", "grade", str(folder), "--out", str(out), "--quiet", "--provisional"]
        code = "import resource, subprocess, sys, time; t = time.perf_counter(); "
        code += "r = subprocess.run(sys.argv[1:], capture_output=True); t = time.perf_counter() - t; "
        code += "u = resource.getrusage(resource.RUSAGE_CHILDREN); m = u.ru_maxrss / 1024; "
        code += "print(t, u.ru_utime + u.ru_stime, m, r.returncode); sys.stderr.write(r.stderr.decode())"
        timer = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, cwd=tmp)
        seconds, cpu, peak, status = timer.stdout.split()
        if status != "0":
            raise SystemExit(f"kit grade failed: {timer.stderr}")
        pages = len(list((out / "feedback").glob("*.html"))) - 1
        assert pages == size, (pages, size)
    return float(seconds), float(cpu), float(peak)


def main(sizes: list[int]) -> None:
    load = os.getloadavg()[0]
    print(f"python -m kit grade, end to end (start-up, grading, every report); {os.cpu_count()} CPUs, load {load:.1f}")
    print("(wall time depends on what else runs; CPU time is the command's own work)")
    for size in sizes:
        seconds, cpu, peak = run(size)
        target = TARGETS.get(size)
        verdict = f" (target < {target:g} s: {'met' if seconds < target else 'NOT met'})" if target else ""
        print(
            f"{size:>6} submissions: {seconds:6.2f} s wall{verdict}, {cpu:.2f} s CPU; peak memory {peak:.0f} MB "
            f"({peak / size * 1024:.0f} kB/student)"
        )


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or list(TARGETS))

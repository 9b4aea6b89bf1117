"""Mutation testing of the core modules: print the score and every surviving mutant.

mutmut (configured in pyproject.toml's ``[tool.mutmut]``) copies the kit into ``mutants/``, makes small
changes to the core modules one at a time (``<`` for ``<=``, ``and`` for ``or``, a string or a number
changed, a call argument dropped ...) and runs the tests that reach the changed function. A mutant the tests
notice is *killed*; one they do not is a *survivor*: a change of behaviour no test would catch, or an
*equivalent* mutant, one that changes no behaviour at all. Equivalent survivors are listed, each with the
reason, in ``benchmarks/mutation_equivalent.txt``; the score is given with and without them.

Why mutmut rather than cosmic-ray: mutmut records which tests reach each function and runs only those for a
mutant, while cosmic-ray runs one whole test command per mutant; with a suite of minutes on two cores that is
the difference between minutes and hours. mutmut also resumes where it stopped.

mutmut remembers its results in ``mutants/``: a second run re-tests the mutants of functions that changed,
and this script then re-tests every survivor left from an earlier run (a new test may kill it); a killed
mutant stands until its function changes. ``make mutation`` runs this script (minutes; not part of
``make test``); ``--fresh`` starts from scratch.

Usage: python benchmarks/mutation.py [--fresh] [--jobs N] [--diffs] [--no-recheck]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
KILLED = {"killed", "timeout", "caught by type check", "segfault"}  # the tests (or the run) noticed the change
UNTESTED = {"skipped", "not checked"}  # never run: left out of the score
SURVIVED = {"survived", "no tests"}  # "no tests": no test reaches the function, so nothing could notice
TARGET = 85.0


def mutmut(*args: str, check: bool = True) -> str:
    result = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"mutmut {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def read_results() -> dict[str, str]:
    """Every mutant and its status, from ``mutmut results --all true``."""
    statuses = {}
    for line in mutmut("results", "--all", "true").splitlines():
        match = re.match(r"^\s+(\S+): (.+)$", line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    return statuses


def read_equivalent() -> dict[str, str]:
    """``name: reason`` lines of benchmarks/mutation_equivalent.txt (``#`` starts a comment)."""
    listed = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, _, reason = line.partition(":")
                listed[name.strip()] = reason.strip()
    return listed


def changed_line(name: str) -> str:
    """The line the mutant changes, as ``- old / + new`` (from ``mutmut show``)."""
    diff = mutmut("show", name, check=False).splitlines()
    removed = [line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    return f"- {' / '.join(removed)[:110]}\n      + {' / '.join(added)[:110]}"


def refresh_copies() -> None:
    """Make mutmut see every edit: it copies tests and data only when missing, and re-mutates a source file only
    when it is newer than its mutated copy (a checkout or a copied ``mutants/`` can make it older)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    for source in (ROOT / "kit").rglob("*.py"):
        source.touch()  # mutmut re-tests only the functions whose text changed, so this costs seconds
    for name in ["tests", *config.get("also_copy", [])]:
        copy = ROOT / "mutants" / name
        if copy.is_dir():
            shutil.rmtree(copy)
        elif copy.exists():
            copy.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="delete mutants/ first (re-test everything)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants tested at once")
    parser.add_argument("--diffs", action="store_true", help="print the line each survivor changes (slow)")
    parser.add_argument(
        "--no-recheck", action="store_true", help="let earlier survivors stand (faster; the score can only be lower)"
    )
    args = parser.parse_args()
    if args.fresh:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    refresh_copies()
    start = time.perf_counter()
    before = read_results() if (ROOT / "mutants").is_dir() else {}
    print(f"Running mutmut over the core modules with {args.jobs} job(s); this takes minutes...", flush=True)
    run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs)], cwd=ROOT)
    statuses = read_results()
    # mutmut lets an earlier verdict stand for an unchanged function; a survivor deserves another chance
    # against tests written since, so the survivors it did not re-test are run again, by name.
    left_over = [name for name, status in statuses.items() if status in SURVIVED and before.get(name) == status]
    if run.returncode == 0 and left_over and not args.no_recheck:
        print(f"\nRe-testing {len(left_over)} survivors of an earlier run against the current tests...", flush=True)
        cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs), *left_over]
        run = subprocess.run(cmd, cwd=ROOT)
        statuses = read_results()
    elapsed = time.perf_counter() - start
    if run.returncode != 0 or not statuses:
        print(f"mutmut run failed (exit {run.returncode}); see its output above.", file=sys.stderr)
        return 1
    counts = Counter(statuses.values())
    equivalent = read_equivalent()
    survivors = sorted(name for name, status in statuses.items() if status not in KILLED | UNTESTED)
    tested = sum(n for status, n in counts.items() if status not in UNTESTED)
    killed = sum(counts[status] for status in KILLED)
    real_survivors = [name for name in survivors if name not in equivalent]

    print(f"\nMutants: {len(statuses)} ({', '.join(f'{n} {s}' for s, n in counts.most_common())}); {elapsed:.0f} s")
    print("\nSurviving mutants by function:")
    by_function = Counter(re.sub(r"__mutmut_\d+$", "", name) for name in survivors)
    for function, n in by_function.most_common():
        print(f"  {n:4d}  {function}")
    print("\nSurviving mutants (equivalent ones marked =; `mutmut show NAME` gives the diff):")
    for name in survivors:
        mark = "=" if name in equivalent else " "
        print(f"  {mark} {name} [{statuses[name]}]")
        if args.diffs:  # one `mutmut show` per survivor: slow for hundreds
            print(f"      {changed_line(name)}")
        if name in equivalent:
            print(f"      equivalent: {equivalent[name]}")
    stale = sorted(set(equivalent) - set(survivors))
    if stale:
        print(f"\nListed as equivalent but no longer surviving (remove from {EQUIVALENT.name}): {', '.join(stale)}")
    score = 100 * killed / tested if tested else 0.0
    adjusted_total = tested - (len(survivors) - len(real_survivors))
    adjusted = 100 * killed / adjusted_total if adjusted_total else 0.0
    print(f"\nMutation score: {score:.1f}% killed ({killed} of {tested} tested mutants)")
    print(f"Leaving out the {len(survivors) - len(real_survivors)} equivalent survivors: {adjusted:.1f}%")
    print(f"Target: at least {TARGET:g}% -> {'met' if score >= TARGET else 'NOT met'}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Print how long a newcomer's set-up takes: `make lab`'s environment, cold and warm, with uv and with pip.

Each run works on a fresh export of the committed tree (``git archive HEAD``) in a temporary folder and
builds the environment exactly as the README's command does (``make .venv/.kit-lab``, or ``.kit-installed``
for ``make test``'s), with uv's and pip's cache folders inside that temporary folder:

- cold: no virtual environment and empty caches (a first install on a new machine: every package downloaded);
- warm: the virtual environment deleted, the caches kept (set-up again on the same machine);
- again: a second ``make`` with the environment in place (the stamp is newer than pyproject.toml: no install).

The uv route includes installing uv itself from PyPI (``pip install uv==…`` into the new venv); that step is
also timed on its own. Needs the network (PyPI) and takes several minutes: run it by hand, not in the suite.

Usage: python benchmarks/bench_setup.py [--target lab|test] [--installer uv|pip|both] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMPS = {"lab": ".kit-lab", "test": ".kit-installed"}


def export_tree(target: Path) -> None:
    """The committed tree, as a fresh clone has it (no .venv, no caches, no untracked files)."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)


def environment(scratch: Path, installer: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        KIT_INSTALLER=installer,
        UV_CACHE_DIR=str(scratch / "cache" / "uv"),
        PIP_CACHE_DIR=str(scratch / "cache" / "pip"),
        XDG_CACHE_HOME=str(scratch / "cache" / "xdg"),
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def timed_make(tree: Path, stamp: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(["make", "-C", str(tree), f".venv/{stamp}"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"make failed:\n{result.stdout}\n{result.stderr}")
    used = "uv" if "with uv" in result.stdout else "pip" if "with pip" in result.stdout else "nothing"
    if env["KIT_INSTALLER"] != "pip" and used == "pip":
        print("  (uv could not be installed: make fell back to pip)")
    return elapsed


def timed_uv_bootstrap(scratch: Path, env: dict[str, str], uv_version: str) -> float:
    """Creating a venv and installing uv into it, cold (the first step of the uv route)."""
    venv = scratch / "uv-bootstrap"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(env, PIP_CACHE_DIR=str(scratch / "cache" / "pip-bootstrap"))
    start = time.perf_counter()
    cmd = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", f"uv=={uv_version}"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def uv_version() -> str:
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        if line.startswith("UV_VERSION"):
            return line.split("=", 1)[1].strip()
    raise SystemExit("Makefile: no UV_VERSION line")


def measure(installer: str, target: str, base: Path) -> dict[str, float]:
    scratch = base / installer
    tree = scratch / "clone"
    export_tree(tree)
    env = environment(scratch, installer)
    stamp = STAMPS[target]
    times = {"cold": timed_make(tree, stamp, env)}
    times["again"] = timed_make(tree, stamp, env)
    shutil.rmtree(tree / ".venv")
    times["warm"] = timed_make(tree, stamp, env)
    if installer == "uv":
        times["uv bootstrap"] = timed_uv_bootstrap(scratch, env, uv_version())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=STAMPS, default="lab", help="lab: a student's set; test: with dev tools")
    parser.add_argument("--installer", choices=("uv", "pip", "both"), default="both")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    args = parser.parse_args()
    installers = ("uv", "pip") if args.installer == "both" else (args.installer,)
    base = Path(tempfile.mkdtemp(prefix="kit-bench-setup-"))
    print(f"Set-up of `make {args.target}`'s environment, {os.cpu_count()} cores, in {base}")
    results = {}
    try:
        for installer in installers:
            print(f"{installer}: cold, again, warm ...", flush=True)
            results[installer] = measure(installer, args.target, base)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print()
    print(f"{'':6} {'cold':>8} {'warm':>8} {'again':>8}   (seconds)")
    for installer, times in results.items():
        print(f"{installer:6} {times['cold']:8.1f} {times['warm']:8.1f} {times['again']:8.1f}")
    if "uv" in results:
        print(f"\nuv's cold figure includes installing uv itself from PyPI: {results['uv']['uv bootstrap']:.1f} s.")
    if len(results) == 2:
        for phase in ("cold", "warm"):
            ratio = results["pip"][phase] / results["uv"][phase]
            print(f"{phase}: uv is {ratio:.1f}x as fast as pip")
    print("cold = empty venv and empty caches; warm = new venv, caches kept; again = second make (stamp).")


if __name__ == "__main__":
    main()

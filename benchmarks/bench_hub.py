"""A class on a real JupyterHub (127.0.0.1): memory per student, start times, and collecting and grading 300.

    .venv/bin/python benchmarks/bench_hub.py [--students 300]

Prints:
- server start time (REST spawn → ready), for a first and a second student;
- link → ready for a new student: spawn, nbgitpuller clone, a kernel on notebook 02 and its first answer
  (what the nbgitpuller link does after login);
- memory of one student: the single-user server plus its kernel after running every cell of notebook 02 (RSS);
- collecting and grading N submissions through the exchange: N hub users each upload with their own token,
  then ``kit collect`` and ``kit grade`` run on them.
Every process is stopped by PID at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hub.harness import LocalHub, descendants  # noqa: E402


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def server_pids(hub: LocalHub, name: str) -> list[int]:
    """The single-user server of ``name`` and everything under it (its kernels)."""
    for pid in descendants(hub.process.pid):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if f"JUPYTERHUB_USER={name}".encode() in environ and b"jupyterhub-singleuser" in cmdline:
            return [pid, *descendants(pid)]
    return []


def notebook_code(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def fake_submission(student: str, rng: random.Random) -> bytes:
    answers = {"actors-1": {"value": rng.choice(["Jens Stoltenberg", "Emmanuel Macron"])},
               "actors-7": {"value": rng.randint(1, 4)}, "geo-4": {"value": "3 July 1962"}}  # fmt: skip
    sheet = {"format": "kit-answers/1", "student": student, "answers": answers}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("answers/answer-sheet.json", json.dumps(sheet))
        bundle.writestr("notebooks/01_actors.ipynb", json.dumps({"cells": [], "metadata": {}}) * 50)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kit-bench-hub-"))
    course = work / "student-copy"
    subprocess.run([sys.executable, "-m", "kit", "release", str(course)], check=True, capture_output=True)
    for step in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=i", "-c", "user.email=i@x", "commit", "-qm", "r"],
    ):
        subprocess.run(["git", *step], cwd=course, check=True, capture_output=True)
    hub = LocalHub(work / "hub")
    figures = {}
    try:
        started = time.perf_counter()
        hub.start()
        figures["hub start (s)"] = time.perf_counter() - started
        names = [f"s{n:03d}" for n in range(args.students)]
        hub.create_users(["first", "second", *names])
        for label in ("first", "second"):
            started = time.perf_counter()
            hub.spawn(label)
            hub.wait_ready(label)
            figures[f"server start, {label} student (s)"] = time.perf_counter() - started
        hub.api("DELETE", "/users/second/server")

        started = time.perf_counter()
        hub.spawn("second")
        hub.wait_ready("second")
        hub.pull("second", f"file://{course}", "course")
        kernel = hub.kernel("second", "course/notebooks/02_geography.ipynb")
        kernel.run("import kit")
        figures["link -> ready, new student (s)"] = time.perf_counter() - started
        kernel.close()

        hub.pull("first", f"file://{course}", "course")
        kernel = hub.kernel("first", "course/notebooks/02_geography.ipynb")
        started = time.perf_counter()
        for code in notebook_code(course / "notebooks" / "02_geography.ipynb"):
            kernel.run(code, timeout=300)
        figures["notebook 02, every cell (s)"] = time.perf_counter() - started
        figures["memory, server + kernel after notebook 02 (MiB)"] = rss_mib(server_pids(hub, "first"))
        kernel.close()

        rng = random.Random(8)
        tokens = {name: hub.token_for(name, ["access:services!service=kit-exchange"]) for name in names}
        payloads = {name: fake_submission(name, rng) for name in names}

        def upload(name):
            return hub.request("POST", hub.exchange_url + "api/submissions", token=tokens[name], raw=payloads[name])[0]

        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(upload, names))
        figures[f"{len(names)} uploads, 8 at a time (s)"] = time.perf_counter() - started
        assert codes == [201] * len(names), sorted(set(codes))

        instructor = hub.token_for("first", ["access:services!service=kit-exchange"])  # no collect scope: refused
        status, _ = hub.request("GET", hub.exchange_url + "api/submissions", token=instructor)
        assert status == 403
        # the kit-admin service holds the collect scope
        env = {"KIT_EXCHANGE_TOKEN": hub.admin_token, "PATH": "/usr/bin:/bin", "HOME": str(work)}
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "kit", "collect", "--out", str(work / "collected"),
                              "--exchange", hub.exchange_url], capture_output=True, text=True, env=env)  # fmt: skip
        figures[f"kit collect, {len(names)} students (s)"] = time.perf_counter() - started
        assert run.returncode == 0, run.stdout + run.stderr
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "kit", "grade", str(work / "collected"), "--out",
                              str(work / "grading"), "--quiet"], capture_output=True, text=True)  # fmt: skip
        figures[f"kit grade, {len(names)} students (s)"] = time.perf_counter() - started
        assert run.returncode == 0, run.stdout + run.stderr
    finally:
        left = hub.stop()
    print(f"JupyterHub on 127.0.0.1, {len(names)} hub users (log: {hub.log_path})")
    for label, value in figures.items():
        print(f"  {label:<52} {value:8.1f}")
    print(f"  processes left after stop: {len(left)} (each stopped by PID)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

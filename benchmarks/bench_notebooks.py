"""Print how long each notebook takes to run in a fresh kernel, the kernel's peak memory, and widget response times.

Targets (issue 3): each notebook < 10 s, all together < 40 s on a 2-core machine; each widget
interaction (control change → output updated) < 100 ms in the kernel; kernel memory < 300 MB.

Usage: python benchmarks/bench_notebooks.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
MEMORY_PROBE = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"


def run_notebooks() -> None:
    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(MEMORY_PROBE))
        start = time.perf_counter()
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
        seconds = time.perf_counter() - start
        total += seconds
        peak = notebook.cells[-1].outputs[0]["text"].strip()
        print(f"{path.name:28s} {seconds:6.2f} s   kernel peak memory {peak:>4s} MB")
    print(f"{'all notebooks':28s} {total:6.2f} s   (targets: < 10 s each, < 40 s in all, < 300 MB)")


def time_change(control, values, repeats: int = 20) -> float:
    samples = []
    for i in range(repeats):
        value = values[i % len(values)]
        start = time.perf_counter()
        control.value = value
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def run_widgets() -> None:
    from kit import widgets

    actor = widgets.actor_explorer()
    article6 = widgets.article6_explorer()
    world = widgets.membership_map()
    timeline = widgets.timeline_explorer()
    dates = [value for _, value in world.controls["date"].options]
    speakers = [value for _, value in timeline.controls["speaker"].options]
    figures = {
        "actor explorer: actor": time_change(actor.controls["actor"], ["kishida", "china", "macron"]),
        "Article 6: place": time_change(article6.controls["place"], ["bermuda", "ceuta", "honolulu"]),
        "Article 6: date": time_change(article6.controls["date"], [dt.date(1960, 1, 1), dt.date(2023, 7, 11)]),
        "Article 6: latitude": time_change(article6.controls["latitude"], [10.0, 30.0, 50.0]),
        "map: date": time_change(world.controls["date"], dates[:3]),
        "timeline: speaker": time_change(timeline.controls["speaker"], speakers[:3]),
    }
    for name, ms in figures.items():
        print(f"widget {name:24s} {ms:7.2f} ms (median of 20; target < 100 ms)")


if __name__ == "__main__":
    run_notebooks()
    run_widgets()

"""Print how long the kit takes to import and to load the case data.

Targets (issue 2): `import kit` adds < 0.1 s over `import pandas`; cold
`load_case()` < 0.1 s; warm `load_case()` < 1 ms. Each import is timed in a
fresh interpreter (median of several runs) so that caches do not flatter it.

Usage: python benchmarks/bench_data.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 5


def time_in_fresh_python(statement: str, setup: str = "pass") -> float:
    code = f"import time; {setup}; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    samples = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def main() -> None:
    pandas_alone = time_in_fresh_python("import pandas")
    kit_import = time_in_fresh_python("import pandas; import kit")
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, kit; print(sorted({'matplotlib', 'ipywidgets'} & set(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    cold = time_in_fresh_python("kit.load_case()", setup="import kit")

    import kit

    kit.load_case()
    start = time.perf_counter()
    for _ in range(1000):
        kit.load_case()
    warm = (time.perf_counter() - start) / 1000

    print(f"import pandas alone:        {pandas_alone * 1000:8.1f} ms (median of {RUNS} fresh interpreters)")
    print(f"import pandas + kit:        {kit_import * 1000:8.1f} ms")
    print(f"  kit adds:                 {(kit_import - pandas_alone) * 1000:8.1f} ms   (target < 100 ms)")
    print(f"  heavy modules imported:   {heavy}   (target: [])")
    print(f"load_case() cold:           {cold * 1000:8.1f} ms   (target < 100 ms)")
    print(f"load_case() warm:           {warm * 1e6:8.1f} µs   (target < 1000 µs)")


if __name__ == "__main__":
    main()

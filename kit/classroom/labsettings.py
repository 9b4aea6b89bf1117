"""Write JupyterLab settings overrides into an environment: no network calls, kernels start by themselves.

JupyterLab checks for news and updates online by default; the kit turns that
off so that nothing reaches the network at run time, and starts the default
kernel without asking (a "Select Kernel" dialog confuses first-time users). Every cell stays
rendered (no windowing), so widgets far down a notebook are always there for screen readers and tests.

Usage: ``python -m kit.classroom.labsettings .venv``

>>> sorted(OVERRIDES)
['@jupyterlab/apputils-extension:notification', '@jupyterlab/notebook-extension:tracker']
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True, "windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def write_overrides(prefix: Path) -> Path:
    """Write ``overrides.json`` under ``prefix/share/jupyter/lab/settings`` and return its path."""
    folder = Path(prefix) / "share" / "jupyter" / "lab" / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "overrides.json"
    path.write_text(json.dumps(OVERRIDES, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"JupyterLab settings written to {write_overrides(Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix))}")

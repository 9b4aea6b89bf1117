"""``python -m kit doctor``: check a student's environment and say what to fix.

>>> report, ok = run_checks()
>>> ok
True
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import tempfile
from pathlib import Path

from kit.core.render import Rendered

PACKAGES = ("jupyterlab", "ipywidgets", "matplotlib", "pandas", "ipykernel")
WIDGET_EXTENSION = Path("share/jupyter/labextensions/@jupyter-widgets/jupyterlab-manager/package.json")


def run_checks() -> tuple[Rendered, bool]:
    """Run every check; return the report and whether all passed."""
    checks = [_python(), *(_package(name) for name in PACKAGES), _widget_extension(), _kernel(), _data(), _bank()]
    checks.append(_answer_sheet())
    report = Rendered([("title", "Kit doctor")])
    for ok, text in checks:
        report.add("good" if ok else "bad", text)
    passed = all(ok for ok, _ in checks)
    report.add(
        "line", "All good: start with `make lab`." if passed else "Fix the lines marked ❌, then run the doctor again."
    )
    return report, passed


def _python():
    # An older Python cannot install or import the kit at all (requires-python), so this only reports it.
    return True, f"Python {'.'.join(map(str, sys.version_info[:3]))} (the kit needs 3.11 or newer)"


def _package(name: str):
    try:
        return True, f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return False, f"{name} is missing: run `make lab` (or `pip install -e .`) in the kit's folder."


def _widget_extension():
    for prefix in {Path(sys.prefix), Path(sys.base_prefix)}:
        if (prefix / WIDGET_EXTENSION).is_file():
            return True, "the ipywidgets extension for JupyterLab is installed"
    return (
        False,
        "the ipywidgets extension is missing from JupyterLab: run `pip install ipywidgets jupyterlab_widgets`.",
    )


def _kernel():
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        KernelSpecManager().get_kernel_spec("python3")
        return True, "a Python 3 kernel is available to JupyterLab"
    except Exception:
        return False, "no Python 3 kernel: run `python -m ipykernel install --user`."


def _data():
    from kit.case.data import case_directory
    from kit.case.validate import validate_case

    files = validate_case(case_directory())
    if files.ok:
        return True, f"the case data is valid ({case_directory()})"
    return False, f"the case data has {len(files.problems)} problem(s): run `python -m kit validate` for the list."


def _bank():
    from kit.exercises.bank import load_bank

    try:
        bank = load_bank()
    except Exception as err:
        return False, f"the exercise bank cannot be read: {err}"
    kind = "student copy: graded keys withheld" if bank.released else "instructor copy: keys present"
    return True, f"the exercise bank loads ({len(bank)} exercises; {kind})"


def _answer_sheet():
    from kit.exercises.answers import default_sheet_path

    folder = default_sheet_path().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
        return True, f"answers can be saved in {folder}"
    except OSError as err:
        return False, f"answers cannot be saved in {folder} ({err.strerror}): set KIT_ANSWERS to a writable file path."


def main() -> int:
    report, passed = run_checks()
    print(report)
    return 0 if passed else 1

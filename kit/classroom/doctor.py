"""``python -m kit doctor``: check a student's environment and say what to fix.

>>> report, ok = run_checks()
>>> ok
True
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
import tempfile
from pathlib import Path

from kit.core.render import Rendered

PACKAGES = ("jupyterlab", "ipywidgets", "anywidget", "matplotlib", "pandas", "ipykernel")
WARN = "warn"
# JupyterLab extensions the lessons' widgets need, by the package that ships each (the kit's keyboard-safe
# controls are anywidgets, so without anywidget's extension they show as text, not controls).
WIDGET_EXTENSIONS = {"ipywidgets": "@jupyter-widgets/jupyterlab-manager", "anywidget": "anywidget"}


def run_checks() -> tuple[Rendered, bool]:
    """Run every check; return the report and whether all passed."""
    checks = [_python(), *(_package(name) for name in PACKAGES), _widget_extensions(), _kernel(), _data(), _bank()]
    checks += [_answer_sheet(), _identity(), _versions(), _exchange()]
    report = Rendered([("title", "Kit doctor")])
    for ok, text in checks:  # ok: True, False, or WARN (worth knowing, not blocking)
        report.add({True: "good", False: "bad", WARN: "partial"}[ok], text)
    passed = all(ok is not False for ok, _ in checks)
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


def _widget_extensions():
    from jupyter_core.paths import jupyter_path  # every folder JupyterLab loads extensions from

    folders = [Path(folder) for folder in jupyter_path("labextensions")]
    missing = [
        package
        for package, extension in WIDGET_EXTENSIONS.items()
        if not any((folder / extension / "package.json").is_file() for folder in folders)
    ]
    if not missing:
        return True, "the JupyterLab extensions for the widgets (ipywidgets, anywidget) are installed"
    return (
        False,
        f"JupyterLab's extension for {' and '.join(missing)} is missing, so widgets would show as text: run "
        f"`pip install {' '.join(missing)}` (or `make lab`), then restart JupyterLab.",
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
    from kit.classroom import state
    from kit.exercises.answers import default_sheet_path

    folder = default_sheet_path().parent
    place = state.work_folder()
    if not state.writable(folder):
        return False, (
            f"answers cannot be saved in {folder}: set ${state.ENV_WORK} to a folder you can write to "
            "(or KIT_ANSWERS to a writable file path)."
        )
    reason = "set by $KIT_ANSWERS" if os.environ.get("KIT_ANSWERS") else place.reason
    text = f"answers are saved in {folder} ({reason})"
    shared, worries = _worries(folder)
    if shared or worries:
        return (False if shared else WARN), text + ", but " + "; ".join(shared + worries)
    return True, text


def _worries(folder: Path) -> tuple[list[str], list[str]]:
    """Why a writable answers folder may still be the wrong place: (shared with others, will not be kept)."""
    from kit.classroom import state
    from kit.core.paths import PACKAGE

    shared, found = [], []
    resolved = folder.resolve()
    if (
        state.on_hub()
        and resolved.is_relative_to(PACKAGE.parent.resolve())
        and not resolved.is_relative_to(Path.home().resolve())
    ):
        shared.append("it is inside the kit's install folder, which every user of this image shares: set $KIT_WORK")
    if any(p.is_dir() and p.stat().st_mode & 0o002 for p in (folder, state.work_folder().folder)):
        shared.append("anyone on this machine can write there: set $KIT_WORK to a folder of your own")
    temporary = Path(tempfile.gettempdir()).resolve()
    if resolved.is_relative_to(temporary) or resolved.is_relative_to("/dev/shm") or os.environ.get("BINDER_REPO_URL"):
        found.append("it will not survive a restart: submit before you leave, and download the zip")
    return shared, found


def _identity():
    from kit.classroom import identity

    me = identity.current()
    if me.usable:
        return True, me.describe()
    return WARN, "no student id yet: type yours in the box in notebook 00, or run kit.set_student('your id')."


def _versions():
    from kit.classroom.submit import notebooks_folder
    from kit.classroom.versions import kit_version, mismatches

    problems = mismatches(notebooks_folder())
    if problems:
        return False, "; ".join(problems) + ": ask your instructor for matching notebooks (re-open the class link)."
    return True, f"kit {kit_version()}: notebooks, exercise bank and installed kit agree"


def _exchange():
    from kit.classroom.exchange import client, dropbox

    if client.exchange_url():
        has_token = bool(client.token())
        text = f"kit.submit() hands in to the class exchange at {client.exchange_url()}"
        return (
            has_token or WARN,
            text if has_token else text + ", but there is no hub token here ($JUPYTERHUB_API_TOKEN)",
        )
    if dropbox.dropbox_folder():
        return True, f"kit.submit() hands in to the drop box {dropbox.dropbox_folder()}"
    return True, "no class exchange configured: kit.submit() writes a zip for you to upload"


def main() -> int:
    report, passed = run_checks()
    print(report)
    return 0 if passed else 1

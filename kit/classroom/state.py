"""Where one student's files live: the answer sheets, the saved student id and the submissions.

The place is decided in this order:

1. ``$KIT_WORK`` (an explicit setting, e.g. in a hub's per-user environment);
2. on a JupyterHub (``$JUPYTERHUB_USER`` is set), or wherever the kit's own folder cannot be written
   (an installed wheel, a read-only image): ``~/kit-work``, a folder in the user's home that JupyterLab
   shows in its file browser and that survives a server restart where the home does;
3. on a laptop checkout: the kit's own folder, as before (``answers/`` and ``submissions/`` beside
   ``notebooks/``).

The kit's install folder is never used on a hub: it is shared by every user of the image.

>>> import os
>>> saved = os.environ.pop("KIT_ANSWERS", None)
>>> os.environ["KIT_WORK"] = "/tmp/kit-work-doctest"
>>> work_folder().reason
'set by $KIT_WORK'
>>> answers_folder()
PosixPath('/tmp/kit-work-doctest/answers')
>>> sheet_file("ada")
PosixPath('/tmp/kit-work-doctest/answers/answer-sheet-ada.json')
>>> sheet_file("Ada Lovelace").name  # an id that is not a safe file name keeps a short fingerprint
'answer-sheet-Ada_Lovelace-76740216.json'
>>> del os.environ["KIT_WORK"]
>>> if saved: os.environ["KIT_ANSWERS"] = saved
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kit.core.paths import CHECKOUT, ROOT

ENV_WORK = "KIT_WORK"
HOME_FOLDER = "kit-work"
UNNAMED_SHEET = "answer-sheet.json"


@dataclass(frozen=True)
class Place:
    """A work folder and why it was chosen."""

    folder: Path
    reason: str


def on_hub() -> bool:
    """True inside a JupyterHub single-user server (or a kernel it started)."""
    return bool(os.environ.get("JUPYTERHUB_USER"))


def writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (created if missing); nothing is left behind."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kit-probe-"):
            return True
    except OSError:
        return False


def work_folder() -> Place:
    """The folder that holds this student's answers and submissions, and why it is that one."""
    explicit = os.environ.get(ENV_WORK, "").strip()
    if explicit:
        return Place(Path(explicit).expanduser(), f"set by ${ENV_WORK}")
    home = Path.home() / HOME_FOLDER
    if on_hub():
        return Place(home, "on a JupyterHub: a folder in your home, never the shared install")
    if CHECKOUT and os.access(ROOT, os.W_OK):
        return Place(ROOT, "a checkout of the kit on this computer: its own folder")
    return Place(home, "the kit's folder is installed or read-only: a folder in your home")


def answers_folder() -> Path:
    """Where answer sheets are written (one per student id): beside ``$KIT_ANSWERS`` when that is set."""
    explicit = os.environ.get("KIT_ANSWERS", "").strip()
    return Path(explicit).parent if explicit else work_folder().folder / "answers"


def submissions_folder() -> Path:
    """Where ``kit.submit()`` writes its zips."""
    return work_folder().folder / "submissions"


def id_file() -> Path:
    """The file that remembers the id typed in ``kit.set_student`` (or the box in notebook 00)."""
    return answers_folder() / "student-id.txt"


def safe_name(text: str) -> str:
    """``text`` as a file-name part: letters, digits, ``-_.``; a fingerprint keeps different ids apart.

    >>> safe_name("ab123"), safe_name("../x")
    ('ab123', '___x-d6b96a97')
    """
    cleaned = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else "_" for ch in text)[:60]
    if cleaned == text and cleaned:
        return cleaned
    return f"{cleaned or 'id'}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def sheet_file(student: str | None) -> Path:
    """The answer sheet of ``student``; ``answer-sheet.json`` while no id is known yet.

    ``$KIT_ANSWERS`` (a file path) still wins, for a shared drive or a test.
    """
    explicit = os.environ.get("KIT_ANSWERS", "").strip()
    if explicit:
        return Path(explicit)
    if not student:
        return answers_folder() / UNNAMED_SHEET
    return answers_folder() / f"answer-sheet-{safe_name(student)}.json"

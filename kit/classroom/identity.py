"""Who the student is: an explicit setting, else the hub's login, else the id the student typed once.

In order:

1. the id typed with ``kit.set_student`` or the box in notebook 00 (remembered in the work folder): the
   student's own deliberate choice;
2. ``$KIT_STUDENT`` (set by an instructor in a hub's per-user environment, or by hand);
3. the JupyterHub user (``$JUPYTERHUB_USER``): the hub authenticated it, so it is recorded as such;
4. the computer's login name, unless it is a generic one (``root``, ``jovyan``, ``user``, ``student``...):
   every user of the common Docker images is ``jovyan``, so such a name says nothing about who is working.

With none of these the student is asked (:func:`id_box`), and ``kit.submit()`` refuses to pack until then.

>>> is_generic("jovyan"), is_generic("Root"), is_generic("ab123")
(True, True, False)
"""

from __future__ import annotations

import contextlib
import getpass
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from kit.classroom import state

# Logins that many people share: every user of the common Docker images is jovyan, a lab PC's user is user...
GENERIC_LOGINS = frozenset(
    (
        "root",
        "jovyan",
        "user",
        "users",
        "student",
        "students",
        "admin",
        "administrator",
        "ubuntu",
        "debian",
        "guest",
        "nobody",
        "runner",
        "vscode",
        "codespace",
        "jupyter",
        "jupyterhub",
        "notebook",
        "default",
        "anonymous",
        "test",
        "pi",
    )
)
MAX_ID_LENGTH = 100


def is_generic(name: str | None) -> bool:
    """A login that many people share (never used as a student id without asking)."""
    return not name or name.strip().lower() in GENERIC_LOGINS


@dataclass(frozen=True)
class Identity:
    """The student id answers are recorded for, where it came from, and the hub's authenticated login."""

    student: str | None
    source: str  # "setting", "typed", "hub", "login" or "unknown"
    hub_user: str | None

    @property
    def usable(self) -> bool:
        """Whether work can be handed in under this id."""
        return bool(self.student) and not is_generic(self.student)

    def describe(self) -> str:
        if not self.student:
            return "no student id yet: type yours in the box in notebook 00, or run kit.set_student('your id')."
        where = {
            "setting": "set by $KIT_STUDENT",
            "typed": "typed by you",
            "hub": "your JupyterHub login",
            "login": "this computer's login name",
        }[self.source]
        text = f"student id {self.student!r} ({where})"
        if self.hub_user and self.hub_user != self.student:
            text += f"; signed in to the hub as {self.hub_user!r} (your instructor sees both)"
        return text


def hub_user() -> str | None:
    """The login the hub authenticated, or None off a hub."""
    return os.environ.get("JUPYTERHUB_USER", "").strip() or None


def saved_id() -> str | None:
    """The id typed earlier (kept in the work folder), or None."""
    try:
        text = state.id_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if 0 < len(text) <= MAX_ID_LENGTH else None


def _login() -> str | None:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return None


def current() -> Identity:
    """The student as the kit sees them now."""
    hub = hub_user()
    typed = saved_id()
    if typed:
        return Identity(typed, "typed", hub)
    explicit = os.environ.get("KIT_STUDENT", "").strip()
    if explicit:
        return Identity(explicit, "setting", hub)
    if hub and not is_generic(hub):
        return Identity(hub, "hub", hub)
    login = _login()
    if login and not is_generic(login):
        return Identity(login, "login", hub)
    return Identity(None, "unknown", hub)


def check_id(student_id: object) -> str:
    """``student_id`` stripped, or ValueError with what to type instead."""
    text = str(student_id).strip() if student_id is not None else ""
    if not text or len(text) > MAX_ID_LENGTH or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise ValueError("Give your student id as a short text on one line, e.g. kit.set_student('ab123').")
    if any(unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp") for ch in text):  # bidi marks, zero-width
        raise ValueError(
            "Your id holds an invisible character (a zero-width space or a right-to-left mark, e.g. from a copy and "
            "paste). Type it again by hand, e.g. kit.set_student('ab123')."
        )
    if is_generic(text):
        raise ValueError(f"{text!r} is a name many people share, not your id. Use the id your instructor knows you by.")
    return text


def remember(student_id: str) -> Path:
    """Save the typed id in the work folder (atomically), so every notebook's kernel uses it."""
    target = state.id_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".id-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(student_id + "\n")
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target


def id_box():
    """A labelled box for the student id with a Save button (notebook 00); keyboard usable, named for readers.

    ``kit.student_id_box()``
    """
    import ipywidgets as widgets

    from kit.classroom.submit import set_student

    me = current()
    box = widgets.Text(
        value=me.student if me.source in ("typed", "setting", "hub") else "",
        placeholder=me.student or "e.g. ab123",
        description="Your student id",
        style={"description_width": "initial"},
        continuous_update=False,
    )
    save = widgets.Button(description="Save my id", tooltip="Record my answers under this id", icon="check")
    status = widgets.HTML(value=f"<p>Now: {_escape(me.describe())}</p>")

    def on_save(_=None):
        result = set_student(box.value)
        status.value = result._repr_html_()

    save.on_click(on_save)
    return widgets.VBox([widgets.HBox([box, save]), status])


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)

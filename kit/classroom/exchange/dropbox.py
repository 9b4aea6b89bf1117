"""A directory drop box for a single-server hub where each student has their own Unix account (uid).

The instructor creates it once (as root)::

    python -m kit dropbox-init /srv/kit-dropbox     # inbound/ with mode 1733, as nbgrader's exchange does

Mode ``1733`` (sticky, write and search for everyone, no read) lets a student create a file in ``inbound/``
but not list the folder, nor delete, rename or replace anyone else's file. Each file gets a random name and
mode ``0444``. Who handed it in is the file's owner (the uid the kernel ran as), never the file's name or
contents; "newest" is the file's status-change time (``ctime``), which a student can only move to the present.

**Unsafe where every student shares one uid** (the common ``jovyan`` images, the hub's SimpleLocalProcessSpawner):
then every student owns every file and could delete or replace a classmate's. Use the exchange service there.

>>> import tempfile, pathlib
>>> box = pathlib.Path(tempfile.mkdtemp())
>>> init(box).name
'inbound'
>>> oct(( box / "inbound").stat().st_mode & 0o7777)
'0o1733'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pwd
import secrets
from pathlib import Path

from kit.core.errors import KitError

ENV_DROPBOX = "KIT_DROPBOX"


def dropbox_folder() -> Path | None:
    value = os.environ.get(ENV_DROPBOX, "").strip()
    return Path(value) if value else None


def init(folder: Path) -> Path:
    """Create ``folder/inbound`` with nbgrader-style permissions; return it."""
    inbound = Path(folder) / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)
    os.chmod(inbound, 0o1733)
    return inbound


def drop(zip_path: Path, folder: Path | None = None) -> dict:
    """Copy a submission into the drop box under a random name; return a receipt."""
    folder = folder or dropbox_folder()
    if folder is None:
        raise KitError("No drop box is configured ($KIT_DROPBOX is not set).")
    inbound = Path(folder) / "inbound"
    data = Path(zip_path).read_bytes()
    name = f"{os.getuid()}-{secrets.token_hex(8)}.zip"
    try:
        handle = os.open(inbound / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError as err:
        raise KitError(f"The drop box {inbound} did not take the file ({err.strerror}). Your zip is kept.") from None
    stamp = dt.datetime.fromtimestamp((inbound / name).stat().st_ctime, dt.UTC)
    return {"file": name, "received_at": _iso(stamp), "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def entries(folder: Path) -> dict[str, list[tuple[str, Path]]]:
    """Every file in the drop box, grouped by owner (login name), each as (received_at, path), oldest first."""
    by_owner: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted((Path(folder) / "inbound").iterdir()):
        info = path.lstat()
        if not path.is_file() or path.is_symlink():
            continue
        try:
            owner = pwd.getpwuid(info.st_uid).pw_name
        except KeyError:
            owner = f"uid-{info.st_uid}"
        received = _iso(dt.datetime.fromtimestamp(info.st_ctime, dt.UTC))
        by_owner.setdefault(owner, []).append((received, path))
    return {owner: sorted(rows) for owner, rows in by_owner.items()}


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")

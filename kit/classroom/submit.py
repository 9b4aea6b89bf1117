"""Handing work in: ``set_student`` (who the answers belong to) and ``submit`` (one zip, kept and, on a hub, sent).

``submit`` packs the student's own answer sheet and the notebooks they work in (as saved on disk), gives the
zip a name no other submission has, keeps it in the work folder (which JupyterLab shows, so it can be
downloaded), and, when the hub has an exchange (``$KIT_EXCHANGE_URL``) or a drop box (``$KIT_DROPBOX``),
sends it there and shows the receipt. If sending fails, the zip stays where it is and the message says so.

>>> import tempfile, pathlib
>>> from kit.exercises.answers import use_answer_sheet
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = use_answer_sheet(folder / "sheet.json", student="ada")
>>> pack_submission(folder / "out.zip", notebooks=folder).name
'out.zip'
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import zipfile
from pathlib import Path

from kit.classroom import identity, state
from kit.classroom.versions import kit_version, mismatches
from kit.core.errors import KitError, SubmissionError
from kit.core.paths import NOTEBOOKS
from kit.core.render import Rendered
from kit.exercises.answers import AnswerSheet, answer_sheet

SUBMISSION_FORMAT = "kit-submission/1"
NOTEBOOK_BUDGET = 4 * 1024 * 1024  # the exchange and the grader take 5 MiB; the sheet and zip overhead fit in the rest
MAX_NOTEBOOKS = 40


def set_student(student_id: str) -> Rendered:
    """Set the id your instructor knows you by (e.g. your university login). ``kit.set_student("ab123")``

    Each id has its own answer sheet: switching to another id never carries one student's answers over to
    another. Answers made before any id was set move to the new id's sheet.
    """
    try:
        student_id = identity.check_id(student_id)
    except ValueError as err:
        return Rendered([("bad", str(err))])
    before = identity.current()
    old_path, new_path = state.sheet_file(before.student), state.sheet_file(student_id)
    try:
        identity.remember(student_id)
        old_student = str(AnswerSheet(old_path).load().get("student")) if old_path.is_file() else student_id
        if old_student != student_id:
            _hand_over(before, old_path, new_path, old_student)
        AnswerSheet(new_path, student_id).set_student(student_id)
    except OSError as err:
        return Rendered([("bad", f"Your id could not be saved in {state.answers_folder()} ({err.strerror}). {_fix()}")])
    me = identity.current()
    result = Rendered([("good", f"Answers will be recorded for {student_id!r} in {answer_sheet().path}.")])
    if me.hub_user and me.hub_user != student_id:
        result.add(
            "note",
            f"You are signed in to the hub as {me.hub_user!r}. Your instructor sees both names on what you hand in; "
            "if this id is a typing mistake, set the right one now.",
        )
    return result


def _hand_over(before: identity.Identity, old_path: Path, new_path: Path, old_student: str) -> None:
    """What happens to the sheet in use when the id changes; one sheet per id, nothing deleted."""
    if new_path == old_path:  # one fixed file ($KIT_ANSWERS)
        if before.usable:  # another student's sheet: keep it beside, under that student's id
            old_path.replace(old_path.with_name(f"{old_path.stem}-{state.safe_name(old_student)}.json"))
        return  # answers made before any id: this student's, kept in place
    if new_path.exists():
        return
    if not before.usable:  # answers made before any id: move them to the new id's sheet
        old_path.replace(new_path)
    elif before.source == "hub":  # the same person, signed in: a copy, the hub login's sheet stays whole
        shutil.copy2(old_path, new_path)


def _fix() -> str:
    return f"Set ${state.ENV_WORK} to a folder you can write to (e.g. in your home), then try again."


def notebooks_folder(explicit: str | Path | None = None) -> Path | None:
    """Where the student's notebooks are: given, else where this kernel runs (the notebook's folder), else the kit's."""
    candidates = [Path(explicit)] if explicit else [Path.cwd(), Path.cwd() / "notebooks", NOTEBOOKS]
    for folder in candidates:
        if any(folder.glob("[0-9][0-9]_*.ipynb")):
            return folder
    return Path(explicit) if explicit else None


def _notebook_bytes(folder: Path | None) -> tuple[dict[str, bytes], list[str]]:
    if folder is None:
        return {}, ["no notebooks found beside this kernel: only the answer sheet is packed"]
    found, notes = {}, []
    for path in sorted(folder.glob("*.ipynb"))[:MAX_NOTEBOOKS]:
        try:
            found[path.name] = path.read_bytes()
        except OSError as err:
            notes.append(f"{path.name} could not be read ({err.strerror})")
    if sum(map(len, found.values())) > NOTEBOOK_BUDGET:
        found = {name: _without_outputs(data) for name, data in found.items()}
        notes.append("the notebooks were too large with their outputs: packed without outputs (your answers are whole)")
    return found, notes


def _without_outputs(data: bytes) -> bytes:
    try:
        notebook = json.loads(data)
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
        return json.dumps(notebook, ensure_ascii=False, indent=1).encode("utf-8")
    except (ValueError, AttributeError):
        return b""


def pack_submission(out: str | Path | None = None, notebooks: str | Path | None = None) -> Path:
    """Write the zip (answer sheet, notebooks, a description) and check it reads back; return its path."""
    me = identity.current()
    sheet = answer_sheet().load()
    if me.hub_user:
        sheet["hub_user"] = me.hub_user  # the hub's authenticated login, beside the typed id
    sheet["kit_version"] = kit_version()
    moment = dt.datetime.now(dt.UTC)
    name = f"submission-{state.safe_name(str(sheet.get('student') or 'unknown'))}-{moment:%Y%m%dT%H%M%S%fZ}"
    target = Path(out) if out else state.submissions_folder() / f"{name}-{secrets.token_hex(3)}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = notebooks_folder(notebooks)
    books, notes = _notebook_bytes(folder)
    sheet_bytes = json.dumps(sheet, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    about = {
        "format": SUBMISSION_FORMAT,
        "kit_version": kit_version(),
        "student": sheet.get("student"),
        "student_source": me.source,
        "hub_user": me.hub_user,
        "created_at": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "notebooks_from": str(folder) if folder else None,
        "notebooks": sorted(books),
        "version_mismatches": mismatches(folder),
        "notes": notes,
    }
    # a default name is never reused: mode "x" refuses to overwrite
    with zipfile.ZipFile(target, "w" if out else "x", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("answers/answer-sheet.json", sheet_bytes)
        bundle.writestr("submission.json", json.dumps(about, ensure_ascii=False, indent=1))
        for notebook, data in books.items():
            bundle.writestr(f"notebooks/{notebook}", data)
    with zipfile.ZipFile(target) as bundle:
        if bundle.testzip() is not None or bundle.read("answers/answer-sheet.json") != sheet_bytes:
            raise SubmissionError(f"the packed file {target} did not read back correctly; try again.")
        if len(bundle.namelist()) != 2 + len(books):
            raise SubmissionError(f"the packed file {target} is missing files; try again.")
    return target


def _shown(path: Path) -> str:
    """The path as the student finds it in JupyterLab's file browser (relative to the home or the current folder)."""
    for base in (Path.home(), Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def submit(out: str | Path | None = None, notebooks: str | Path | None = None) -> Rendered:
    """Pack your answers and notebooks into one zip; on a hub, hand it in and show the receipt. ``kit.submit()``"""
    me = identity.current()
    if not me.usable:
        who = f"{me.student!r} is a login many people share" if me.student else "No student id is set"
        return Rendered(
            [("bad", f"Submission not made: {who}. Type your student id in the box in notebook 00, or run "
                     "kit.set_student('your id'), then run kit.submit() again. Your answers are safe.")]
        )  # fmt: skip
    try:
        path = pack_submission(out, notebooks)
    except (KitError, OSError) as err:
        return Rendered([("bad", f"Submission not made: {err}. Your answers are safe. {_fix()}")])
    result = Rendered([("good", f"Submission ready for {me.describe()}: {_shown(path)}")])
    return result.add("line", _hand_in(path))


def _hand_in(path: Path) -> str:
    """Send the zip to the exchange or drop box, if there is one; say what happened."""
    from kit.classroom.exchange import client, dropbox

    kept = (
        f"The zip is kept at {_shown(path)}; download it from the file browser if you need to hand it in another way."
    )
    if client.exchange_url():
        try:
            receipt = client.upload(path)
        except KitError as err:
            return f"❌ Not handed in: {err} {kept} Then run kit.submit() again; nothing is lost."
        path.with_suffix(".receipt.json").write_text(json.dumps(receipt.__dict__, indent=1), encoding="utf-8")
        return "✅ Handed in. " + " ".join(receipt.lines())
    if dropbox.dropbox_folder():
        try:
            dropped = dropbox.drop(path)
        except KitError as err:
            return f"❌ Not handed in: {err} {kept}"
        return f"✅ Handed in to the class drop box at {dropped['received_at']}; SHA-256 {dropped['sha256']}."
    return "Upload this file where your instructor asked (it was re-opened and checked). " + kept


def environment_summary() -> dict:
    """Where things are, for ``kit doctor`` and bug reports."""
    place = state.work_folder()
    return {"work_folder": str(place.folder), "why": place.reason, "exchange": os.environ.get("KIT_EXCHANGE_URL")}

"""Per-student files, identity, submit, the exchange's store, the drop box and collect, without a hub."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kit
from kit.classroom import collect, identity, state
from kit.classroom.exchange import dropbox
from kit.classroom.exchange.store import Limits, Refused, Store
from kit.exercises import answers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def student_env(tmp_path, monkeypatch):
    """A student's world: a home, no id, no hub; the kernel's answer sheet follows the defaults."""
    for name in ("KIT_ANSWERS", "KIT_STUDENT", "KIT_WORK", "JUPYTERHUB_USER", "KIT_EXCHANGE_URL", "KIT_DROPBOX"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(identity, "_login", lambda: "jovyan")  # the login of every user of the common images
    monkeypatch.setattr(answers, "_SHEET", None)
    monkeypatch.setattr(answers, "_FOLLOW_DEFAULT", True)
    monkeypatch.chdir(tmp_path)
    return home


def sheet_of(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_on_a_hub_files_go_to_the_home_never_the_install(student_env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    assert state.work_folder().folder == student_env / "kit-work"
    kit.check("geo-4", "3 July 1962")
    assert sheet_of(student_env / "kit-work" / "answers" / "answer-sheet-alice.json")["student"] == "alice"
    assert identity.current() == identity.Identity("alice", "hub", "alice")


def test_an_explicit_setting_wins(student_env, monkeypatch, tmp_path):
    monkeypatch.setenv("KIT_WORK", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    assert state.work_folder().folder == tmp_path / "elsewhere"


def test_a_laptop_checkout_keeps_todays_place(student_env):
    assert state.work_folder().folder == ROOT


def test_a_generic_login_is_never_used_silently(student_env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "jovyan")
    assert identity.current().student is None
    kit.check("geo-4", "3 July 1962")  # answers are still kept, in the unnamed sheet
    refused = str(kit.submit())
    assert "Submission not made" in refused and "kit.set_student" in refused and "notebook 00" in refused
    assert not (student_env / "kit-work" / "submissions").exists()
    assert "many people share" in str(kit.set_student("jovyan"))


def test_one_sheet_per_student_id(student_env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "lab-pc-3")  # a shared lab account, not generic by name
    kit.set_student("alice")
    kit.check("geo-4", "3 July 1962")
    kit.set_student("bob")
    kit.check("actors-7", 3)
    folder = student_env / "kit-work" / "answers"
    alice, bob = sheet_of(folder / "answer-sheet-alice.json"), sheet_of(folder / "answer-sheet-bob.json")
    assert (alice["student"], set(alice["answers"])) == ("alice", {"geo-4"})
    assert (bob["student"], set(bob["answers"])) == ("bob", {"actors-7"})


def test_answers_made_before_any_id_move_to_the_first_id(student_env):
    kit.check("geo-4", "3 July 1962")
    assert "'ab123'" in str(kit.set_student("ab123"))
    folder = state.answers_folder()
    assert set(sheet_of(folder / "answer-sheet-ab123.json")["answers"]) == {"geo-4"}
    assert not (folder / state.UNNAMED_SHEET).exists()


def test_a_fixed_sheet_file_keeps_the_previous_students_answers_apart(student_env, monkeypatch, tmp_path):
    fixed = tmp_path / "shared-drive" / "sheet.json"
    monkeypatch.setenv("KIT_ANSWERS", str(fixed))
    kit.set_student("alice")
    kit.check("geo-4", "3 July 1962")
    kit.set_student("bob")
    assert sheet_of(fixed)["student"] == "bob" and sheet_of(fixed)["answers"] == {}
    assert set(sheet_of(fixed.with_name("sheet-alice.json"))["answers"]) == {"geo-4"}


def test_another_students_id_is_recorded_beside_the_hub_login(student_env, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    note = str(kit.set_student("alice"))
    assert "signed in to the hub as 'carol'" in note
    kit.check("actors-7", 2)
    from kit.classroom.submit import pack_submission

    bundle = pack_submission()
    with zipfile.ZipFile(bundle) as zf:
        sheet, about = json.loads(zf.read("answers/answer-sheet.json")), json.loads(zf.read("submission.json"))
    assert (sheet["student"], sheet["hub_user"]) == ("alice", "carol")
    assert (about["student"], about["hub_user"], about["kit_version"]) == ("alice", "carol", kit.__version__)


def test_submit_packs_the_students_own_notebooks_under_a_new_name_each_time(student_env, monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    course = tmp_path / "course" / "notebooks"
    course.mkdir(parents=True)
    mine = json.dumps({"cells": [{"cell_type": "markdown", "source": "my own notes"}], "metadata": {}})
    (course / "01_actors.ipynb").write_text(mine)
    monkeypatch.chdir(course)  # a kernel runs in its notebook's folder
    first, second = str(kit.submit()), str(kit.submit())
    zips = sorted((student_env / "kit-work" / "submissions").glob("*.zip"))
    assert len(zips) == 2 and "Submission ready" in first and "Submission ready" in second
    with zipfile.ZipFile(zips[0]) as zf:
        assert zf.read("notebooks/01_actors.ipynb").decode() == mine
    assert "kit-work/submissions/" in first  # shown as JupyterLab's file browser shows it


def test_an_unreachable_exchange_keeps_the_zip_and_says_so(student_env, monkeypatch):
    from .harness import free_ports

    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("KIT_EXCHANGE_URL", f"http://127.0.0.1:{free_ports(1)[0]}/services/kit-exchange/")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "expired")
    kit.check("geo-4", "3 July 1962")
    message = str(kit.submit())
    assert "Not handed in" in message and "cannot be reached" in message and "nothing is lost" in message
    (kept,) = (student_env / "kit-work" / "submissions").glob("*.zip")
    assert "geo-4" in json.loads(zipfile.ZipFile(kept).read("answers/answer-sheet.json"))["answers"]


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to become another user")
def test_a_non_root_student_with_a_read_only_kit_saves_in_their_home(tmp_path):
    home = tmp_path / "nobody-home"
    home.mkdir()
    os.chown(home, 65534, 65534)
    os.chmod(tmp_path, 0o755)
    code = "import kit; print(kit.set_student('ab123')); print(kit.check('geo-4', '3 July 1962')); print(kit.submit())"
    env = {"HOME": str(home), "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    # nobody, allowed to read (not write) every folder: the kit's checkout is then read-only, as an image's is
    run = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+dac_read_search",
         "--ambient-caps=+dac_read_search", sys.executable, "-c", code],
        capture_output=True, text=True, env=env, cwd=home,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr and "Submission ready" in run.stdout, run.stdout
    assert set(sheet_of(home / "kit-work" / "answers" / "answer-sheet-ab123.json")["answers"]) == {"geo-4"}
    assert len(list((home / "kit-work" / "submissions").glob("*.zip"))) == 1


# --- the exchange's store ---------------------------------------------------------------------------------------


def bundle(student: str = "ada", answers_: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        sheet = {"format": "kit-answers/1", "student": student, "answers": answers_ or {}}
        zf.writestr("answers/answer-sheet.json", json.dumps(sheet))
    return buffer.getvalue()


def test_the_store_keeps_every_version_in_its_own_order(tmp_path):
    store = Store(tmp_path, Limits(min_free_bytes=0))
    receipts = [store.accept("alice", bundle("alice", {"geo-4": {"value": n}})) for n in range(3)]
    assert [r["version"] for r in receipts] == [1, 2, 3]
    assert receipts[0]["received_at"] < receipts[2]["received_at"]
    data, row = store.read("alice", 2)
    assert hashlib.sha256(data).hexdigest() == row["sha256"] == receipts[1]["sha256"]
    assert store.students() == [
        {"hub_user": "alice", "versions": 3, "latest": {k: v for k, v in receipts[2].items() if k != "hub_user"}}
    ]


def test_the_store_takes_identity_from_the_caller_not_the_file(tmp_path):
    receipt = Store(tmp_path, Limits(min_free_bytes=0)).accept("carol", bundle("alice"))
    assert (receipt["hub_user"], receipt["sheet_student"]) == ("carol", "alice")


def test_a_thousand_submissions_from_one_student_are_bounded(tmp_path):
    store = Store(tmp_path, Limits(max_versions=20, min_free_bytes=0))
    outcomes = []
    for _ in range(1000):
        try:
            outcomes.append(store.accept("mallory", bundle("mallory"))["version"])
        except Refused as err:
            outcomes.append(err.status)
            message = str(err)
    assert outcomes[:20] == list(range(1, 21)) and set(outcomes[20:]) == {429}
    assert "the latest" in message and len(list((tmp_path / "students" / "mallory").glob("*.zip"))) == 20
    assert store.accept("alice", bundle("alice"))["version"] == 1  # the class goes on


def test_oversized_and_full_disk_uploads_are_refused_and_leave_nothing(tmp_path):
    store = Store(tmp_path, Limits(max_bytes=1000, min_free_bytes=0))
    with pytest.raises(Refused, match="at most") as big:
        store.accept("alice", b"PK" + b"\0" * 2000)
    assert big.value.status == 413
    full = Store(tmp_path, Limits(min_free_bytes=2**62))
    with pytest.raises(Refused, match="disk is full") as err:
        full.accept("alice", bundle("alice"))
    assert err.value.status == 507
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.binary(max_size=3000))
def test_junk_is_refused_with_a_reason_never_kept(tmp_path, junk):
    store = Store(tmp_path / "store", Limits(min_free_bytes=0))
    with pytest.raises(Refused) as err:
        store.accept("eve", b"PK\x03\x04" + junk)
    assert err.value.status == 400 and "kit.submit()" in str(err.value)
    assert store.versions("eve") == []


# --- the drop box and collect -----------------------------------------------------------------------------------


def test_dropbox_is_write_only_and_collect_keys_on_the_owner(tmp_path):
    box = tmp_path / "dropbox"
    inbound = dropbox.init(box)
    assert inbound.stat().st_mode & 0o7777 == 0o1733
    source = tmp_path / "a.zip"
    for student in ("alice", "alice-again"):
        source.write_bytes(bundle(student))
        dropbox.drop(source, box)
    if os.geteuid() == 0:  # a file another uid handed in
        source.write_bytes(bundle("someone"))
        os.chown(inbound / dropbox.drop(source, box)["file"], 65534, 65534)
    out = tmp_path / "collected"
    result = collect.collect(out, folder=box)
    manifest = json.loads((out / collect.MANIFEST).read_text())
    assert manifest["format"] == "kit-collect/1" and set(manifest) == {"format", "collected_at", "submissions"}
    rows = {row["hub_user"]: row for row in manifest["submissions"]}
    me = __import__("pwd").getpwuid(os.geteuid()).pw_name
    assert rows[me]["versions"] == 2 and rows[me]["sheet_student"] == "alice-again"  # the newest by ctime
    assert hashlib.sha256((out / rows[me]["file"]).read_bytes()).hexdigest() == rows[me]["sha256"]
    if os.geteuid() == 0:
        assert rows["nobody"]["sheet_student"] == "someone"
    assert result.problems == []


def test_collect_without_a_source_says_what_to_give(tmp_path, monkeypatch):
    monkeypatch.delenv("KIT_EXCHANGE_URL", raising=False)
    monkeypatch.delenv("KIT_DROPBOX", raising=False)
    with pytest.raises(kit.KitError, match="--exchange"):
        collect.collect(tmp_path / "out")


# --- versions and the doctor ------------------------------------------------------------------------------------


def test_a_notebook_from_another_release_is_reported(tmp_path):
    from kit.classroom.versions import mismatches

    (tmp_path / "01_actors.ipynb").write_text(json.dumps({"cells": [], "metadata": {"kit": {"version": "0.0.1"}}}))
    assert mismatches(tmp_path) == [
        f"01_actors.ipynb was released with kit 0.0.1 but kit {kit.__version__} is installed"
    ]


def test_released_notebooks_and_bank_carry_the_version(tmp_path):
    from kit.classroom.release import build_release

    build_release(tmp_path / "copy")
    notebook = json.loads((tmp_path / "copy" / "notebooks" / "00_start_here.ipynb").read_text())
    assert notebook["metadata"]["kit"]["version"] == kit.__version__
    assert json.loads((tmp_path / "copy" / "exercises" / "bank.json").read_text())["kit_version"] == kit.__version__


def test_the_doctor_refuses_the_kits_install_folder_on_a_hub(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KIT_ANSWERS"}
    env.update(KIT_WORK=str(ROOT), JUPYTERHUB_USER="alice", HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "kit", "doctor"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "every user of this image shares" in run.stdout and run.returncode == 1, run.stdout


def test_the_doctor_warns_about_a_folder_anyone_can_write(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    env = {k: v for k, v in os.environ.items() if k != "KIT_ANSWERS"}
    env.update(KIT_WORK=str(shared), KIT_STUDENT="ab123")
    run = subprocess.run([sys.executable, "-m", "kit", "doctor"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "anyone on this machine can write there" in run.stdout and run.returncode == 1
    assert "will not survive a restart" in run.stdout  # a temporary folder

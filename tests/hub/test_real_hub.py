"""A class on a real JupyterHub: three students, nbgitpuller, answers in their kernels, the exchange, collect, grade.

alice never sets an id (the hub's login is used); bob sets his own; carol types alice's id by mistake.
Every process the test starts is stopped by its PID at the end, also when it fails.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .harness import ROOT, HubError, LocalHub, proxy_command

pytestmark = pytest.mark.hub

STUDENTS = ("alice", "bob", "carol")
COURSE = "course"  # nbgitpuller's target folder in each home
ANSWERS = {  # what each student answers, by exercise id (graded and practice)
    "alice": {"actors-1": "Jens Stoltenberg", "geo-4": "3 July 1962"},
    "bob": {"actors-1": "Emmanuel Macron", "actors-7": 3},
    "carol": {"actors-1": "Jens Stoltenberg", "actors-7": 2},
}


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                   env=dict(os.environ, GIT_AUTHOR_NAME="i", GIT_AUTHOR_EMAIL="i@example.org",
                            GIT_COMMITTER_NAME="i", GIT_COMMITTER_EMAIL="i@example.org"))  # fmt: skip


@pytest.fixture(scope="module")
def course_repo(tmp_path_factory) -> Path:
    """The student release in a local git repository, as an instructor publishes it."""
    repo = tmp_path_factory.mktemp("repo") / "student-copy"
    made = subprocess.run([sys.executable, "-m", "kit", "release", str(repo)], capture_output=True, text=True, cwd=ROOT)
    assert made.returncode == 0, made.stderr
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "release", cwd=repo)
    return repo


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if proxy_command() is None:
        message = "configurable-http-proxy is missing: run `bash scripts/ensure_proxy.sh .venv` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    running = LocalHub(tmp_path_factory.mktemp("hub"), exchange_args="--max-versions 5")
    try:
        running.start()
        yield running
    finally:
        left = running.stop()
        assert not [pid for pid in left if _alive(pid)], f"processes still running: {left}"


def _alive(pid):
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (ProcessLookupError, OSError):
        return False


SNOOP = """
from kit.classroom.exchange import client
try:
    client.list_students()
except Exception as err:
    print(err)
"""
IN_SERVER_COLLECT = """
import subprocess, sys
run = subprocess.run([sys.executable, "-m", "kit", "collect", "--out", "collected"], capture_output=True, text=True)
print(run.returncode, run.stdout, run.stderr)
"""


def _answer_code(student: str) -> str:
    lines = ["import kit"]
    if student == "bob":
        lines.append('print(kit.set_student("bob"))')
    if student == "carol":
        lines.append('print(kit.set_student("alice"))')  # a slip: another student's id
    lines += [f"print(kit.check({eid!r}, {value!r}))" for eid, value in ANSWERS[student].items()]
    lines.append("print(kit.submit())")
    return "\n".join(lines)


def test_a_class_on_a_real_hub(hub, course_repo, tmp_path):
    hub.create_users([*STUDENTS, "instructor"])
    for name in (*STUDENTS, "instructor"):
        hub.spawn(name)
    for name in STUDENTS:
        hub.wait_ready(name)
        events = hub.pull(name, f"file://{course_repo}", COURSE)
        assert "finished" in events

    # Each student answers through a kernel opened on their own copy of notebook 01, then submits.
    receipts = {}
    for name in STUDENTS:
        kernel = hub.kernel(name, f"{COURSE}/notebooks/01_actors.ipynb")
        try:
            out = kernel.run(_answer_code(name))
            where = kernel.run("from kit.classroom import state; print(state.work_folder().folder)")
            snoop = kernel.run(SNOOP)
        finally:
            kernel.close()
        assert "Handed in" in out, out
        assert f"hub user {name!r}" in out, out  # the receipt names the hub's identity
        assert where.strip() == str(hub.dir / "hub" / "home" / name / "kit-work")
        assert "HTTP 403" in snoop and "collect" in snoop, snoop  # a student's own token cannot list the class
        receipts[name] = out
    assert "signed in to the hub as 'carol'" in receipts["carol"]

    # The zip stays in each student's home (JupyterLab can open and download it), under a unique name.
    for name in STUDENTS:
        (zip_path,) = (hub.dir / "hub" / "home" / name / "kit-work" / "submissions").glob("*.zip")
        digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
        assert digest in receipts[name]
        status, listing = hub.request("GET", hub.user_url(name, "api/contents/kit-work/submissions"))
        assert status == 200 and zip_path.name in listing.decode()

    # An expired token: a clear message, the zip kept beside the first, nothing lost.
    kernel = hub.kernel("alice", f"{COURSE}/notebooks/01_actors.ipynb")
    try:
        out = kernel.run('import os, kit\nos.environ["KIT_EXCHANGE_TOKEN"] = "expired"\nprint(kit.submit())')
    finally:
        kernel.close()
    assert "Not handed in" in out and "HTTP 403" in out and "nothing is lost" in out, out
    assert len(list((hub.dir / "hub" / "home" / "alice" / "kit-work" / "submissions").glob("*.zip"))) == 2

    # Bad input at the exchange: refused with a message, the class unaffected.
    alice = hub.token_for("alice", ["access:services!service=kit-exchange"])
    status, body = hub.request("POST", hub.exchange_url + "api/submissions", token=alice, raw=b"junk" * 100)
    assert status == 400 and "not a kit submission" in json.loads(body)["message"]
    status, body = hub.request("POST", hub.exchange_url + "api/submissions", token=alice, raw=b"PK" + b"\0" * 6_000_000)
    assert status == 413 and "MiB" in json.loads(body)["message"]
    status, body = hub.request("GET", hub.exchange_url + "api/submissions", token=alice)
    assert status == 403  # a student cannot list the class
    status, body = hub.request("POST", hub.exchange_url + "api/submissions", token="not-a-token", raw=b"x")
    assert status == 403
    bob_zip = next((hub.dir / "hub" / "home" / "bob" / "kit-work" / "submissions").glob("*.zip")).read_bytes()
    bob = hub.token_for("bob", ["access:services!service=kit-exchange"])
    codes = [hub.request("POST", hub.exchange_url + "api/submissions", token=bob, raw=bob_zip)[0] for _ in range(8)]
    assert codes == [201] * 4 + [429] * 4  # --max-versions 5: every version kept, then refused

    # The instructor collects with a token holding the collect scope.
    instructor = hub.token_for("instructor", ["custom:kit-exchange:collect", "access:services!service=kit-exchange"])
    collected = tmp_path / "collected"
    run = subprocess.run(
        [sys.executable, "-m", "kit", "collect", "--out", str(collected), "--exchange", hub.exchange_url],
        capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ, KIT_EXCHANGE_TOKEN=instructor),
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    manifest = json.loads((collected / "collect-manifest.json").read_text())
    assert set(manifest) == {"format", "collected_at", "submissions"} and manifest["format"] == "kit-collect/1"
    rows = {row["hub_user"]: row for row in manifest["submissions"]}
    assert set(rows) == set(STUDENTS)
    assert {name: rows[name]["sheet_student"] for name in STUDENTS} == {
        "alice": "alice",
        "bob": "bob",
        "carol": "alice",
    }
    assert rows["bob"]["versions"] == 5 and rows["alice"]["versions"] == 1
    for row in rows.values():
        assert set(row) == {"hub_user", "file", "received_at", "sha256", "versions", "sheet_student"}
        assert hashlib.sha256((collected / row["file"]).read_bytes()).hexdigest() == row["sha256"]
        assert row["received_at"].endswith("Z")

    # The instructor's own server can collect with its token (the hub gives it the collect scope; students not).
    hub.wait_ready("instructor")
    kernel = hub.kernel("instructor", "collect.ipynb")
    try:
        out = kernel.run(IN_SERVER_COLLECT)
    finally:
        kernel.close()
    assert out.startswith("0 ") and "Collected the latest submission of 3 student(s)" in out, out
    in_server = json.loads(
        (hub.dir / "hub" / "home" / "instructor" / "collected" / "collect-manifest.json").read_text()
    )
    assert {r["sha256"] for r in in_server["submissions"]} == {r["sha256"] for r in manifest["submissions"]}

    # Grading: runs on what was collected, every student's answers there.
    grading = tmp_path / "grading"
    graded = subprocess.run(
        [sys.executable, "-m", "kit", "grade", str(collected), "--out", str(grading), "--quiet"],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert graded.returncode == 0, graded.stdout + graded.stderr
    with open(grading / "gradebook.csv", encoding="utf-8", newline="") as handle:
        book = list(csv.DictReader(handle))
    report = graded.stdout + graded.stderr
    rows = {row["student"]: row for row in book}
    assert set(rows) == set(STUDENTS) and {r["status"] for r in rows.values()} == {"ok"}, report  # three students
    # nothing lost: each student's own answers, graded under their hub login (carol's too, whatever her sheet says)
    assert [float(rows[name]["actors-1"]) for name in STUDENTS] == [1.0, 0.0, 1.0], report
    assert "sheet names another id: carol" in report and "'alice'" in report and "nothing was dropped" in report
    with open(grading / "conflicts.csv", encoding="utf-8", newline="") as handle:
        conflicts = list(csv.DictReader(handle))
    assert any("carol" in json.dumps(row) and "alice" in json.dumps(row) for row in conflicts), conflicts


def test_the_harness_refuses_to_run_without_a_proxy(monkeypatch, tmp_path):
    from . import harness

    monkeypatch.setattr(harness, "proxy_command", lambda: None)
    with pytest.raises(HubError, match="ensure_proxy"):
        harness.LocalHub(tmp_path)

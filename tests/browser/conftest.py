"""Fixtures for the browser suite: a JupyterLab server of its own and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from kit.classroom.labsettings import write_overrides

ROOT = Path(__file__).resolve().parents[2]
TIMINGS: dict[str, list[float]] = {}  # interaction → click-to-visible times (ms), printed at the end
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    def __init__(self, base: str, token: str, answers: Path):
        self.base, self.token, self.answers = base, token, answers

    def url(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/notebooks/{notebook}?token={self.token}&reset"

    def shut_down_kernels(self) -> None:
        """End every kernel session, so that the next test starts from a fresh kernel as a student would."""
        headers = {"Authorization": f"token {self.token}"}
        with urllib.request.urlopen(urllib.request.Request(f"{self.base}/api/sessions", headers=headers)) as response:
            sessions = json.loads(response.read())
        for session in sessions:
            request = urllib.request.Request(
                f"{self.base}/api/sessions/{session['id']}", headers=headers, method="DELETE"
            )
            urllib.request.urlopen(request).close()


@pytest.fixture(scope="session")
def lab():
    """JupyterLab on 127.0.0.1, a free port and a token; stopped at the end, also on failure."""
    write_overrides(Path(sys.prefix))
    home = Path(tempfile.mkdtemp(prefix="kit-lab-"))
    # Serve a copy, so that running cells (and autosave) never write outputs into the committed notebooks.
    served = home / "served"
    shutil.copytree(ROOT / "notebooks", served / "notebooks")
    answers = home / "answer-sheet.json"
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, KIT_ANSWERS=str(answers), KIT_STUDENT="browser-test", JUPYTER_RUNTIME_DIR=str(home / "rt"))
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}"]
    command += [f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}"]
    command += [f"--LabApp.workspaces_dir={home / 'ws'}"]
    command += ["--allow-root"] if os.geteuid() == 0 else []
    log = open(home / "lab.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (home / "lab.log").read_text()[-3000:])
            time.sleep(0.3)
        yield Lab(base, token, answers)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_context():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is not installed, so the browser tests cannot run. Install it with "
            "'sudo apt-get install chromium' (make test does this itself when run as root)."
        )
    from playwright.sync_api import sync_playwright

    profile = Path(tempfile.mkdtemp(prefix="kit-chromium-"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    measured = {name: times for name, times in TIMINGS.items() if times}
    if not measured:
        return
    terminalreporter.section("browser: click → visible output (target < 300 ms)")
    lines = [f"{name:40s} {max(times):7.0f} ms (worst of {len(times)})" for name, times in measured.items()]
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")

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
AXE_COUNTS: dict[str, int] = {}  # page → violating nodes found by axe-core, printed at the end
KEYBOARD: dict[str, str] = {}  # exercise type or widget → what the keyboard did, printed at the end
# The WCAG 2.0 and 2.1 rules at levels A and AA (axe-core's tags for them).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OUTPUTS = ".jp-OutputArea-output"  # what the kit renders; JupyterLab's own interface is not ours to check
RUN_ALL_DONE = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
  return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
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


def axe_violations(page, label: str, context: str | None = OUTPUTS) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA rules on ``context`` (default: the notebook's outputs); one line per node.

    The count is kept under ``label`` for the summary at the end of the run.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context, options).response
    lines = [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}\n    {node['html'][:300]}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    AXE_COUNTS[label] = len(lines)
    return lines


class Notebooks:
    """One notebook open at a time, run once: tests on the same notebook share its page (and its kernel).

    The suite orders its tests by notebook (see ``pytest_collection_modifyitems``), so each notebook is opened
    and run once per session; opening another closes the page and shuts its kernel down.
    """

    def __init__(self, context, lab):
        self.context, self.lab = context, lab
        self.name, self.page = None, None

    def open(self, notebook: str):
        if self.name == notebook and self.page is not None and not self.page.is_closed():
            return self.page
        self.close()
        page = self.context.new_page()
        try:
            page.goto(self.lab.url(notebook))
            page.locator(".jp-StatusBar-TextItem", has_text="| Idle").wait_for(timeout=90_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            page.wait_for_function(RUN_ALL_DONE, timeout=120_000)
            page.locator(".jp-StatusBar-TextItem", has_text="| Idle").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)  # let late widget views finish; Run All may still move the active cell
        except Exception:
            page.close()
            raise
        self.name, self.page = notebook, page
        return page

    def close(self):
        if self.page is not None:
            self.page.close()
            self.lab.shut_down_kernels()
        self.name, self.page = None, None


@pytest.fixture(scope="session")
def notebooks(browser_context, lab):
    manager = Notebooks(browser_context, lab)
    try:
        yield manager
    finally:
        manager.close()


def _notebook_of(item) -> str:
    params = getattr(getattr(item, "callspec", None), "params", {})
    marker = item.get_closest_marker("notebook")
    return params.get("notebook") or (marker.args[0] if marker else "")


def pytest_collection_modifyitems(config, items):
    """Browser tests last, grouped by notebook, so that each notebook runs once; within a notebook, tests marked
    ``phase(0)`` (what a fresh Run All shows) come first and ``phase(2)`` (after every interaction) last."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    if not browser:
        return
    first = {}
    for item in browser:
        first.setdefault(_notebook_of(item), len(first))

    def key(item):
        phase = item.get_closest_marker("phase")
        return (first[_notebook_of(item)], phase.args[0] if phase else 1)

    # The browser tests run last: their session-wide Playwright loop would otherwise still be running in the main
    # thread when a later test starts an event loop of its own (tornado's test server, for one).
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + sorted(browser, key=key)  # sorted() is stable: file order within a group


def pytest_configure(config):
    config.addinivalue_line("markers", "notebook(name): the notebook a browser test works in")
    config.addinivalue_line("markers", "phase(n): 0 right after Run All, 1 interactions (default), 2 after them")


def _write_section(terminalreporter, title: str, lines: list[str], artifact: str) -> None:
    terminalreporter.section(title)
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / artifact).write_text("\n".join(lines) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    if AXE_COUNTS:
        lines = [f"{page:58s} {count:3d} violating nodes" for page, count in AXE_COUNTS.items()]
        _write_section(terminalreporter, "browser: axe-core, WCAG 2.0/2.1 A and AA", lines, "axe.txt")
    if KEYBOARD:
        lines = [f"{name:24s} {result}" for name, result in KEYBOARD.items()]
        _write_section(terminalreporter, "browser: keyboard alone", lines, "keyboard.txt")
    measured = {name: times for name, times in TIMINGS.items() if times}
    if measured:
        lines = [f"{name:48s} {max(times):7.0f} ms (worst of {len(times)})" for name, times in measured.items()]
        title = "browser: key or click → visible output (kernel round trip included; target < 300 ms)"
        _write_section(terminalreporter, title, lines, "timings.txt")

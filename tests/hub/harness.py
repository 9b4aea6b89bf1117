"""A real JupyterHub on 127.0.0.1, driven as an instructor and students would: the REST API, nbgitpuller, kernels.

Used by ``tests/hub/test_real_hub.py`` and ``benchmarks/bench_hub.py``. It runs ``deploy/hub/jupyterhub_config.py``
with the simple local spawner (every server runs as this user, a home per student), the dummy authenticator,
free ports, and a temporary folder; :meth:`LocalHub.stop` stops every process it started, by PID.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent


def proxy_command() -> Path | None:
    """configurable-http-proxy as installed by scripts/ensure_proxy.sh (or on PATH)."""
    for candidate in (Path(sys.prefix) / "chp" / "node_modules" / ".bin" / "configurable-http-proxy",):
        if candidate.exists():
            return candidate
    found = subprocess.run(["which", "configurable-http-proxy"], capture_output=True, text=True).stdout.strip()
    return Path(found) if found else None


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, grandchildren...), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class HubError(RuntimeError):
    pass


class LocalHub:
    def __init__(self, workdir: Path, exchange_args: str = "", log_name: str = "hub.log"):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port, api_port, proxy_api, self.exchange_port = free_ports(4)
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_hex(24)
        self.exchange_url = f"{self.url}/services/kit-exchange/"
        chp = proxy_command()
        if chp is None:
            raise HubError("configurable-http-proxy is missing: run `bash scripts/ensure_proxy.sh .venv`.")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("KIT_", "JUPYTERHUB_"))}
        self.env.update(
            KIT_HUB_DIR=str(self.dir / "hub"),
            KIT_HUB_PORT=str(self.port),
            KIT_HUB_API_PORT=str(api_port),
            KIT_PROXY_API_PORT=str(proxy_api),
            KIT_EXCHANGE_PORT=str(self.exchange_port),
            KIT_HUB_SPAWNER="simple",
            KIT_HUB_AUTH="dummy",
            KIT_HUB_INSTRUCTORS="instructor",
            KIT_CHP=str(chp),
            KIT_EXCHANGE_ARGS=exchange_args,
            KIT_HUB_ADMIN_TOKEN=self.admin_token,
        )
        self.log_path = self.dir / log_name
        self.process: subprocess.Popen | None = None
        self.pids: set[int] = set()

    # --- life cycle -------------------------------------------------------------------------------------------
    def start(self, timeout: float = 90) -> LocalHub:
        log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self._log = log
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.dir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HubError(f"the hub exited ({self.process.returncode}); see {self.log_path}:\n{self.log_tail()}")
            with contextlib.suppress(Exception):
                self.api("GET", "/")
                self._wait_for_exchange(deadline)
                return self
            time.sleep(0.3)
        raise HubError(f"the hub did not answer within {timeout} s; see {self.log_path}:\n{self.log_tail()}")

    def _wait_for_exchange(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                urllib.request.urlopen(self.exchange_url, timeout=5).read()
                return
            time.sleep(0.3)
        raise HubError("the exchange service did not answer")

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def track(self) -> None:
        """Remember every process under the hub now (servers, kernels, proxy, exchange) to stop them by PID."""
        if self.process:
            self.pids.update(descendants(self.process.pid))

    def stop(self) -> list[int]:
        """Stop the students' servers, then the hub, then anything left, each by PID; return what was left."""
        if self.process is None:
            return []
        self.track()
        if self.process.poll() is None:
            with contextlib.suppress(Exception):
                for user in self.api("GET", "/users"):
                    if user.get("servers"):
                        self.api("DELETE", f"/users/{user['name']}/server")
            self.track()
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        left = [pid for pid in sorted(self.pids) if _alive(pid)]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in left):
            time.sleep(0.2)
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._log.close()
        return left

    # --- REST -------------------------------------------------------------------------------------------------
    def request(self, method: str, url: str, body=None, token: str | None = None, raw: bytes | None = None):
        """(status, bytes) of one HTTP request; errors are returned, not raised."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Authorization": f"token {token or self.admin_token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def api(self, method: str, path: str, body=None, token: str | None = None):
        status, data = self.request(method, f"{self.url}/hub/api{path}", body, token)
        if status >= 400:
            raise HubError(f"{method} {path}: HTTP {status}: {data[:300]!r}")
        return json.loads(data) if data else None

    def create_users(self, names: list[str]) -> None:
        self.api("POST", "/users", {"usernames": names})

    def token_for(self, name: str, scopes: list[str] | None = None) -> str:
        body = {"note": "kit hub test", "expires_in": 3600}
        if scopes:
            body["scopes"] = scopes
        return self.api("POST", f"/users/{name}/tokens", body)["token"]

    def spawn(self, name: str) -> None:
        status, data = self.request("POST", f"{self.url}/hub/api/users/{name}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise HubError(f"spawn {name}: HTTP {status} {data[:300]!r}")

    def wait_ready(self, name: str, timeout: float = 150) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = (self.api("GET", f"/users/{name}").get("servers") or {}).get("")
            if server and server.get("ready"):
                self.track()
                return
            time.sleep(0.3)
        raise HubError(f"{name}'s server was not ready within {timeout} s:\n{self.log_tail()}")

    def user_url(self, name: str, path: str) -> str:
        return f"{self.url}/user/{name}/{path.lstrip('/')}"

    def pull(self, name: str, repo: str, targetpath: str, branch: str = "main") -> str:
        """nbgitpuller's own API (what its link page calls); return its event stream once finished."""
        query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": targetpath})
        status, data = self.request("GET", self.user_url(name, f"git-pull/api?{query}"))
        text = data.decode("utf-8", "replace")
        if status != 200 or '"phase": "finished"' not in text:
            raise HubError(f"nbgitpuller for {name}: HTTP {status}: {text[-800:]}")
        return text

    def kernel(self, name: str, notebook: str) -> Kernel:
        """A kernel for ``notebook`` (a path under the user's home), opened as JupyterLab does: a session."""
        status, data = self.request(
            "POST",
            self.user_url(name, "api/sessions"),
            {"path": notebook, "type": "notebook", "name": Path(notebook).name, "kernel": {"name": "python3"}},
        )
        if status >= 400:
            raise HubError(f"session for {name}: HTTP {status} {data[:300]!r}")
        kernel_id = json.loads(data)["kernel"]["id"]
        ws_url = self.user_url(name, f"api/kernels/{kernel_id}/channels").replace("http://", "ws://")
        kernel = Kernel(ws_url, self.admin_token)
        self.track()
        return kernel


class Kernel:
    """Execute code in a running kernel over its websocket (the JSON protocol JupyterLab speaks)."""

    def __init__(self, ws_url: str, token: str):
        import websocket

        self.session = uuid.uuid4().hex
        deadline = time.monotonic() + 60
        while True:
            try:
                self.ws = websocket.create_connection(ws_url, header=[f"Authorization: token {token}"], timeout=120)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def run(self, code: str, timeout: float = 120) -> str:
        """Run ``code``; return its printed and displayed text; raise HubError on an exception in the kernel."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": "test", "session": self.session, "msg_type": "execute_request",
                  "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        self.ws.send(json.dumps(message))
        out, error = [], None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = _decode(self.ws.recv())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = reply["msg_type"], reply["content"]
            if kind == "stream":
                out.append(body["text"])
            elif kind in ("execute_result", "display_data"):
                out.append(body["data"].get("text/plain", ""))
            elif kind == "error":
                error = "\n".join(body.get("traceback", [])) or body.get("evalue")
            elif kind == "status" and body.get("execution_state") == "idle":
                break
        else:
            raise HubError(f"no answer from the kernel within {timeout} s")
        if error:
            raise HubError(f"the kernel raised:\n{error}")
        return "".join(out)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ws.close()


def _decode(frame: str | bytes) -> dict:
    """A kernel message from a websocket frame: text is JSON; binary (messages with buffers, e.g. widgets) is
    a count, offsets, then the JSON message first."""
    if isinstance(frame, str):
        return json.loads(frame)
    count = int.from_bytes(frame[:4], "big")
    offsets = [int.from_bytes(frame[4 + 4 * i : 8 + 4 * i], "big") for i in range(count)]
    return json.loads(frame[offsets[0] : offsets[1] if count > 1 else None])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie of ours is gone for every purpose
        if (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True

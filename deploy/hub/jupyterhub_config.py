"""JupyterHub for one class on one machine: the configuration the kit's hub test runs (tests/hub/).

    jupyterhub -f deploy/hub/jupyterhub_config.py

Everything is set through environment variables, with defaults for a real single machine:

| variable | default | what |
| --- | --- | --- |
| KIT_HUB_DIR | /srv/kit-hub | the hub's database, cookie secret and the exchange's store |
| KIT_HUB_IP / KIT_HUB_PORT | 127.0.0.1 / 8000 | where students connect (put TLS in front for a real class) |
| KIT_HUB_API_PORT, KIT_PROXY_API_PORT, KIT_EXCHANGE_PORT | 8081, 8001, 10101 | internal ports, loopback only |
| KIT_HUB_SPAWNER | local | ``local``: one Unix account per student (the drop box needs it); ``simple``: all |
|  |  | servers run as this user, a home per student under KIT_HUB_DIR (tests only) |
| KIT_HUB_AUTH | pam | ``pam`` (the machine's accounts) or ``dummy`` (tests only: any password) |
| KIT_HUB_INSTRUCTORS | instructor | comma-separated logins that may collect (custom scope) and administer |
| KIT_CHP | configurable-http-proxy | the proxy command (``scripts/ensure_proxy.sh`` installs it into .venv/chp) |
| KIT_EXCHANGE_ARGS | (empty) | extra options for the exchange service, e.g. ``--max-versions 50`` |
| KIT_HUB_ADMIN_TOKEN | (unset) | if set, a service ``kit-admin`` with this token manages users and servers |

Students' servers get ``KIT_EXCHANGE_URL`` (so ``kit.submit()`` hands in) and a hub token that may reach
the exchange; instructors' servers also carry the collect scope (so ``python -m kit collect`` works there).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

env = os.environ.get
HERE = Path(env("KIT_HUB_DIR", "/srv/kit-hub"))
HERE.mkdir(parents=True, exist_ok=True)
BIN = Path(sys.executable).parent
IP, PORT = env("KIT_HUB_IP", "127.0.0.1"), int(env("KIT_HUB_PORT", "8000"))
EXCHANGE_PORT = int(env("KIT_EXCHANGE_PORT", "10101"))
INSTRUCTORS = {name.strip() for name in env("KIT_HUB_INSTRUCTORS", "instructor").split(",") if name.strip()}
EXCHANGE = "kit-exchange"
COLLECT = f"custom:{EXCHANGE}:collect"

# The hub, its API and the proxy's API: loopback only; state in KIT_HUB_DIR.
c.JupyterHub.ip, c.JupyterHub.port = IP, PORT
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", int(env("KIT_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('KIT_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env("KIT_CHP", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(HERE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{HERE}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = str(HERE / "cookie_secret")
c.JupyterHub.pid_file = str(HERE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# Who may log in; instructors administer.
if env("KIT_HUB_AUTH", "pam") == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.admin_users = INSTRUCTORS
c.Authenticator.allow_all = True

# Students' servers: JupyterLab, the kit's environment, the exchange's address.
if env("KIT_HUB_SPAWNER", "local") == "simple":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(HERE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
if os.getuid() == 0 and env("KIT_HUB_SPAWNER", "local") == "simple":
    c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
c.Spawner.environment = {
    "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
    "KIT_EXCHANGE_URL": f"http://{'127.0.0.1' if IP in ('0.0.0.0', '') else IP}:{PORT}/services/{EXCHANGE}/",
}

# The exchange: a hub-managed service; a student's server token may reach it, an instructor's may collect.
c.JupyterHub.services = [
    {
        "name": EXCHANGE,
        "url": f"http://127.0.0.1:{EXCHANGE_PORT}",
        "command": [
            sys.executable,
            "-m",
            "kit.classroom.exchange.service",
            "--store",
            str(HERE / "exchange"),
            *env("KIT_EXCHANGE_ARGS", "").split(),
        ],  # fmt: skip
        "display": False,
    }
]
c.JupyterHub.custom_scopes = {COLLECT: {"description": "List and download every student's kit submissions."}}
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self", f"access:services!service={EXCHANGE}"]},
    {
        "name": "kit-instructor",
        "scopes": [COLLECT, f"access:services!service={EXCHANGE}"],
        "users": sorted(INSTRUCTORS),
    },
]
# A server's $JUPYTERHUB_API_TOKEN gets the subset of these its user holds: students cannot collect.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    f"access:services!service={EXCHANGE}",
    COLLECT,
]

if env("KIT_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "kit-admin", "api_token": env("KIT_HUB_ADMIN_TOKEN")})
    c.JupyterHub.load_roles.append(
        {
            "name": "kit-admin",
            "scopes": [
                "admin:users",
                "admin:servers",
                "tokens",
                "access:servers",
                "read:users",
                COLLECT,
                f"access:services!service={EXCHANGE}",
            ],
            "services": ["kit-admin"],
        }
    )

"""The deployment files: the Zero to JupyterHub values pass the chart's own schema; the one-machine config loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
Z2JH = ROOT.parent.parent / "shared" / "reference" / "z2jh"  # /work/shared/reference/z2jh beside the worktrees
REFERENCE = next(
    (
        p
        for p in (Z2JH, Path("/work/shared/reference/z2jh"), ROOT.parent / "shared" / "reference" / "z2jh")
        if p.is_dir()
    ),
    None,
)


def merged(defaults: dict, values: dict) -> dict:
    """Helm's deep merge: maps merge key by key, everything else (lists too) is replaced."""
    out = dict(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def schema_errors(values: dict) -> list[str]:
    import jsonschema
    import yaml

    defaults = yaml.safe_load((REFERENCE / "values.defaults.yaml").read_text(encoding="utf-8"))
    schema = json.loads((REFERENCE / "values.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(merged(defaults, values))]


@pytest.fixture
def values() -> dict:
    import yaml

    if REFERENCE is None:
        pytest.skip("the chart's reference schema (shared/reference/z2jh) is not on this machine")
    return yaml.safe_load((ROOT / "deploy" / "hub" / "values.yaml").read_text(encoding="utf-8"))


def test_values_pass_the_charts_schema(values):
    assert schema_errors(values) == []


def test_the_schema_check_bites(values):
    values["singleuser"]["memory"]["limitx"] = "1G"  # a typo Helm would refuse
    assert any("limitx" in error for error in schema_errors(values))


def test_values_wire_the_exchange_and_its_scopes(values):
    service = values["hub"]["services"]["kit-exchange"]
    assert service["command"][:3] == ["python3", "-m", "kit.classroom.exchange.service"]
    port = int(service["url"].rsplit(":", 1)[1])
    assert {p["port"] for p in values["hub"]["service"]["extraPorts"]} == {port}
    assert values["singleuser"]["extraEnv"]["KIT_EXCHANGE_URL"].startswith(f"http://hub:{port}/services/kit-exchange/")
    assert "custom:kit-exchange:collect" in values["hub"]["config"]["JupyterHub"]["custom_scopes"]
    assert "custom:kit-exchange:collect" not in values["hub"]["loadRoles"]["user"]["scopes"]


def test_one_machine_config_listens_on_loopback_only(tmp_path, monkeypatch):
    from traitlets.config import Config

    config = Config()
    monkeypatch.setenv("KIT_HUB_DIR", str(tmp_path))
    namespace = {"get_config": lambda: config}
    exec(
        compile((ROOT / "deploy" / "hub" / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec"),
        namespace,
    )
    assert config.JupyterHub.ip == "127.0.0.1" and config.JupyterHub.hub_ip == "127.0.0.1"
    assert config.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert [s["name"] for s in config.JupyterHub.services] == ["kit-exchange"]
    assert config.Spawner.environment["KIT_EXCHANGE_URL"].endswith("/services/kit-exchange/")

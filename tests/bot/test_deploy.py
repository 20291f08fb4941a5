"""The deployment files agree with the code: the lock pins what pyproject asks for, compose has two replicas,
PostgreSQL and a TLS proxy, and every setting the bot reads is documented in .env.example."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_the_lock_pins_every_runtime_dependency_with_hashes():
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lock = (ROOT / "requirements.lock").read_text()
    for requirement in wanted:
        name, version = re.sub(r"\[.*\]", "", requirement).split("==")
        entry = re.search(rf"^{re.escape(name.lower())}=={re.escape(version)} \\\n\s+--hash=sha256:", lock, re.M | re.I)
        assert entry, f"{requirement} not pinned with hashes in requirements.lock (run make lock)"
    pins = re.findall(r"^([a-z0-9_.-]+)==", lock, re.M | re.I)
    assert len(pins) > len(wanted)  # the transitive ones too
    assert all(f"{pin}==" in lock for pin in pins) and lock.count("--hash=sha256:") >= len(pins)


def test_compose_runs_two_replicas_behind_a_tls_proxy_with_postgresql():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    replicas = [s for s in services.values() if s.get("build", {}).get("dockerfile") == "deploy/Dockerfile"]
    assert len(replicas) == 2
    assert all(r["environment"]["STATE_URL"].startswith("postgresql://") for r in replicas)
    assert services["postgres"]["image"].startswith("postgres:16")
    assert "443:443" in services["proxy"]["ports"]
    caddy = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "bot-a:8443 bot-b:8443" in caddy and "health_uri /healthz" in caddy


def test_every_setting_read_is_documented_in_env_example():
    read = set(re.findall(r'get\("([A-Z_]+)"', (ROOT / "bot" / "settings.py").read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {"STATE_URL", "CHAT_HASH_KEY", "ADMIN_USER_IDS"} <= read
    assert read <= documented, read - documented

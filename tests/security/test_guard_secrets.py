"""Off loopback the server refuses anything a stranger could know or guess (channels/guard.py),
and server-side keys are kept across restarts in an owner-only file (channels/secrets.py)."""
from __future__ import annotations

import json
import multiprocessing
import os
import stat
import subprocess
from pathlib import Path

import pytest
import yaml

from channels import guard
from channels.secrets import persistent_secret

from tests.e2e.servers import ROOT

RASA = "/app/.venv/bin/rasa"
PUBLIC = [RASA, "run", "--enable-api", "--auth-token", "A" * 40, "-i", "0.0.0.0"]
GOOD = {"REST_TOKEN": "R" * 40, "AGENT_TOKEN": "G" * 40, "MP_SERVER_SECRET": "M" * 40,
        "ALLOWED_HOSTS": "assistant.example.com"}
PLACEHOLDERS = yaml.safe_load((ROOT / "deploy" / "01-secrets.yaml").read_text())["stringData"]


def refused(argv=PUBLIC, **env) -> str:
    with pytest.raises(guard.UnsafeDefault) as e:
        guard.check(argv=argv, env={k: v for k, v in env.items() if v is not None})
    return str(e.value)


def test_strong_secrets_off_loopback_accepted():
    guard.check(argv=PUBLIC, env=GOOD)


def test_without_rest_token_off_loopback_refused():
    assert "REST_TOKEN is not set" in refused(**dict(GOOD, REST_TOKEN=None))


@pytest.mark.parametrize("name", ["REST_TOKEN", "AGENT_TOKEN", "MP_SERVER_SECRET"])
def test_one_character_and_short_secrets_refused(name):
    for short in ("x", "y" * 31):
        assert f"{name} is shorter than 32" in refused(**dict(GOOD, **{name: short}))


def test_short_api_token_refused():
    argv = [RASA, "run", "--enable-api", "--auth-token", "s3cret", "-i", "0.0.0.0"]
    assert "RASA_AUTH_TOKEN is shorter than 32" in refused(argv, **GOOD)


@pytest.mark.parametrize("name", ["RASA_AUTH_TOKEN", "AGENT_TOKEN", "MP_SERVER_SECRET", "MP_APPID",
                                  "MP_APP_SECRET", "POSTGRES_PASSWORD"])
def test_deploy_placeholders_refused(name):
    """deploy/01-secrets.yaml's own values, as `kubectl apply` would give them to the pod."""
    value = PLACEHOLDERS[name]
    assert value.startswith("CHANGE-ME")
    argv = PUBLIC if name != "RASA_AUTH_TOKEN" else [RASA, "run", "--enable-api", "--auth-token", value, "-i", "::"]
    assert f"{name} is the placeholder" in refused(argv, **dict(GOOD, **{name: value}))


def test_local_defaults_refused_off_loopback_kept_on_loopback():
    argv = [RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "10.0.0.5"]
    msg = refused(argv, **dict(GOOD, AGENT_TOKEN="local-agent-token"))
    assert "RASA_AUTH_TOKEN is the local default" in msg and "AGENT_TOKEN is the local default" in msg
    # loopback: the local defaults and an open REST webhook stay, as today
    guard.check(argv=[RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "127.0.0.1"],
                env={"AGENT_TOKEN": "local-agent-token"})


@pytest.mark.parametrize("how", [{"LOG_LEVEL": "DEBUG"}, {"argv": ["--debug"]}, {"argv": ["-vv"]}])
def test_debug_logging_off_loopback_refused(how):
    argv = PUBLIC + how.get("argv", [])
    env = dict(GOOD, **{k: v for k, v in how.items() if k != "argv"})
    assert "DEBUG logging" in refused(argv, **env)


def test_debug_on_loopback_allowed():
    guard.check(argv=[RASA, "run", "-i", "127.0.0.1", "--debug"], env={"LOG_LEVEL": "DEBUG"})


def test_allowed_hosts_required_off_loopback():
    assert "ALLOWED_HOSTS is not set" in refused(**dict(GOOD, ALLOWED_HOSTS=None))


def test_balancer_public_address_counts():
    """Behind scripts/balancer.py the processes listen on loopback; RASA_PUBLIC_HOST is the face."""
    argv = [RASA, "run", "--enable-api", "--auth-token", "local-dev-token", "-i", "127.0.0.1"]
    assert "RASA_AUTH_TOKEN is the local default" in refused(argv, RASA_PUBLIC_HOST="0.0.0.0")
    assert guard.exposed(argv, {"RASA_PUBLIC_HOST": "0.0.0.0"})
    assert not guard.exposed(argv, {})
    assert not guard.exposed(["pytest"], {"RASA_PUBLIC_HOST": "0.0.0.0"})     # in-process: not serving


def test_guard_command_refuses_placeholders(tmp_path):
    """`python -m channels.guard` (what scripts/run.sh runs before starting anything) with
    deploy/01-secrets.yaml's values off loopback: exit 2, every reason named at once."""
    env = {k: v for k, v in os.environ.items() if k not in ("REST_TOKEN", "ALLOWED_HOSTS")}
    env.update({k: v for k, v in PLACEHOLDERS.items()}, RUN_DIR=str(tmp_path / "run"), RASA_HOST="0.0.0.0",
               RASA_PROCESSES="1", RASA_PORT="1", ACTIONS_PORT="2")
    r = subprocess.run(["bash", "-c", "exec .venv/bin/python -m channels.guard --enable-api --auth-token "
                        "\"$RASA_AUTH_TOKEN\" -i \"$RASA_HOST\""], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stdout + r.stderr
    for reason in ("RASA_AUTH_TOKEN is the placeholder", "AGENT_TOKEN is the placeholder",
                   "MP_SERVER_SECRET is the placeholder", "REST_TOKEN is the placeholder",
                   "ALLOWED_HOSTS is not set", "拒绝"):
        assert reason in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


# ---------------------------------------------------------------- kept secrets
def test_generated_once_kept_and_owner_only(tmp_path):
    env = {"RUN_DIR": str(tmp_path / "run")}
    first = persistent_secret("MP_SERVER_SECRET", env)
    assert len(first) >= 32
    path = tmp_path / "run" / "secrets.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert persistent_secret("MP_SERVER_SECRET", env) == first              # a restart: the same
    assert json.loads(path.read_text())["MP_SERVER_SECRET"] == first
    other = persistent_secret("DOORS_HANDLE_KEY", env)
    assert other != first and persistent_secret("MP_SERVER_SECRET", env) == first
    assert persistent_secret("MP_SERVER_SECRET", dict(env, MP_SERVER_SECRET="given" * 8)) == "given" * 8


def test_loose_file_made_owner_only(tmp_path):
    path = tmp_path / "secrets.json"
    path.write_text("{}")
    path.chmod(0o644)
    persistent_secret("MP_SERVER_SECRET", {"RUN_DIR": str(tmp_path)})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["REST_TOKEN", "RASA_AUTH_TOKEN", "AGENT_TOKEN"])
def test_client_tokens_never_generated(tmp_path, name):
    with pytest.raises(ValueError, match="never generated"):
        persistent_secret(name, {"RUN_DIR": str(tmp_path)})
    assert not (tmp_path / "secrets.json").exists()


def test_corrupt_file_is_a_clear_error(tmp_path):
    (tmp_path / "secrets.json").write_text("{oops")
    with pytest.raises(ValueError, match="not valid JSON"):
        persistent_secret("MP_SERVER_SECRET", {"RUN_DIR": str(tmp_path)})


def _one(run_dir: str) -> str:
    return persistent_secret("MP_SERVER_SECRET", {"RUN_DIR": run_dir})


def test_processes_starting_together_agree(tmp_path):
    with multiprocessing.get_context("fork").Pool(6) as pool:
        values = pool.map(_one, [str(tmp_path)] * 12)
    assert len(set(values)) == 1


def test_command_line(tmp_path):
    env = dict(os.environ, RUN_DIR=str(tmp_path))
    env.pop("MP_SERVER_SECRET", None)
    a = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "channels.secrets", "MP_SERVER_SECRET"],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    assert a.returncode == 0 and a.stdout.strip() == _one(str(tmp_path))
    b = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "channels.secrets", "REST_TOKEN"],
                       cwd=ROOT, env=env, capture_output=True, text=True)
    assert b.returncode == 2 and "never generated" in b.stderr and "Traceback" not in b.stderr


def test_doors_behind_the_balancer_know_they_face_the_network(monkeypatch):
    from channels.doors import network
    monkeypatch.setenv("RASA_PUBLIC_HOST", "0.0.0.0")
    argv = [RASA, "run", "--enable-api", "-i", "127.0.0.1", "-p", "5105"]
    assert guard.exposed(argv)
    assert not network.served_on_loopback(argv)

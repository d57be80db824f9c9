"""Refuse to serve off loopback with anything a stranger could know or guess.

The local defaults (`local-dev-token` for Rasa's HTTP API, `local-agent-token` for the agent
desk) are in the README and in scripts/run.sh: anyone can read them. They are allowed only
when the Rasa server listens on loopback. Rasa 3.6 binds 0.0.0.0 unless `-i` says otherwise,
so the interface is read from the `rasa run` command line (the input channels are built
before the server starts: raising here stops `rasa run` before it listens). Behind
scripts/balancer.py the Rasa processes listen on loopback while the balancer faces
RASA_PUBLIC_HOST: that variable, when set, is the address that counts.

Off loopback (issue 17) the server also needs REST_TOKEN (the REST webhook is otherwise open),
ALLOWED_HOSTS (the Host check, channels/http_guard.py), every secret given at least 32
characters and not a `CHANGE-ME…` placeholder of deploy/01-secrets.yaml, and a log level
above DEBUG (Rasa logs what people say at DEBUG). Every reason is reported at once.

In-process uses (tests building a channel directly) have no `rasa run` command line: not checked.
"""
from __future__ import annotations

import ipaddress
import os
import sys
from typing import Mapping, Optional, Sequence

DEFAULT_API_TOKEN = "local-dev-token"
DEFAULT_AGENT_TOKEN = "local-agent-token"
MIN_SECRET = 32
# Secrets of ours: strong when given (REST_TOKEN is also required off loopback).
SECRETS = ("RASA_AUTH_TOKEN", "AGENT_TOKEN", "REST_TOKEN", "MP_SERVER_SECRET")
# Every value of deploy/01-secrets.yaml, checked for its placeholder.
PLACEHOLDER_CHECKED = SECRETS + ("MP_APPID", "MP_APP_SECRET", "POSTGRES_PASSWORD")


class UnsafeDefault(RuntimeError):
    pass


def is_loopback(host: str) -> bool:
    host = host.strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _option(argv: Sequence[str], *names: str) -> Optional[str]:
    value = None
    for i, a in enumerate(argv):
        for n in names:
            if a == n and i + 1 < len(argv):
                value = argv[i + 1]
            elif n.startswith("--") and a.startswith(n + "="):
                value = a.split("=", 1)[1]
    return value


def rasa_run_args(argv: Optional[Sequence[str]] = None) -> Optional[list[str]]:
    """The arguments after `rasa run`, or None when this process is not `rasa run` (serving)."""
    argv = list(sys.argv if argv is None else argv)
    if not argv or os.path.basename(argv[0]) not in ("rasa", "__main__.py") or argv[1:2] != ["run"]:
        return None
    if argv[2:3] == ["actions"]:
        return None
    return argv[2:]


def serving_interface(argv: Optional[Sequence[str]] = None,
                      env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The address clients reach this server on, or None when this process is not `rasa run`."""
    args = rasa_run_args(argv)
    if args is None:
        return None
    env = os.environ if env is None else env
    return env.get("RASA_PUBLIC_HOST") or _option(args, "-i", "--interface") or "0.0.0.0"


def exposed(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> bool:
    """Whether this server can be reached from off this machine."""
    interface = serving_interface(argv, env)
    return interface is not None and not is_loopback(interface)


def problems(args: Sequence[str], env: Mapping[str, str], agent_token: Optional[str]) -> list[str]:
    """Why serving `rasa run args` off loopback with `env` is unsafe (empty: it is not)."""
    out = []
    values = {name: env.get(name) for name in PLACEHOLDER_CHECKED if env.get(name)}
    if agent_token is not None:
        values["AGENT_TOKEN"] = agent_token
    if "--enable-api" in args:
        token = _option(args, "--auth-token", "-t")
        if not token:
            out.append("the HTTP API has no token: set RASA_AUTH_TOKEN")
        else:
            values["RASA_AUTH_TOKEN"] = token
    if values.get("RASA_AUTH_TOKEN") == DEFAULT_API_TOKEN:
        out.append("RASA_AUTH_TOKEN is the local default token")
    if values.get("AGENT_TOKEN") == DEFAULT_AGENT_TOKEN:
        out.append("AGENT_TOKEN is the local default token")
    if not values.get("REST_TOKEN"):
        out.append("REST_TOKEN is not set: the REST webhook would be open to anyone")
    for name in PLACEHOLDER_CHECKED:
        v = values.get(name)
        if v and v.strip().upper().startswith("CHANGE-ME"):
            out.append(f"{name} is the placeholder of deploy/01-secrets.yaml")
        elif v and name in SECRETS and v not in (DEFAULT_API_TOKEN, DEFAULT_AGENT_TOKEN) and len(v) < MIN_SECRET:
            out.append(f"{name} is shorter than {MIN_SECRET} characters")
    if not (env.get("ALLOWED_HOSTS") or "").strip():
        out.append("ALLOWED_HOSTS is not set: list the host names clients use (the Host check)")
    level = (env.get("LOG_LEVEL") or "").strip().upper()
    if level == "DEBUG" or "--debug" in args or "-vv" in args:
        out.append("DEBUG logging records what people say: use INFO or above")
    return out


def check(agent_token: Optional[str] = None, argv: Optional[Sequence[str]] = None,
          env: Optional[Mapping[str, str]] = None) -> None:
    """Raise UnsafeDefault when `rasa run` would serve off loopback with a default, placeholder,
    short or missing secret, no allowed-host list, or DEBUG logging."""
    args = rasa_run_args(argv)
    if args is None:
        return
    env = os.environ if env is None else env
    interface = serving_interface(argv, env)
    if is_loopback(interface):
        return
    found = problems(args, env, agent_token)
    if found:
        raise UnsafeDefault(
            f"Refusing to serve on {interface}: " + "; ".join(found) +
            ". Set secrets of your own (at least 32 characters), or bind to 127.0.0.1. "
            f"拒绝在 {interface} 上启动：请设置自己的密钥（至少32个字符）或只监听 127.0.0.1。")


if __name__ == "__main__":
    # scripts/run.sh, before starting anything: `python -m channels.guard <rasa run arguments>`
    # (AGENT_TOKEN from the environment). Exit 2 with the reason when refused.
    try:
        check(agent_token=os.environ.get("AGENT_TOKEN") or DEFAULT_AGENT_TOKEN,
              argv=["rasa", "run", *sys.argv[1:]])
    except UnsafeDefault as e:
        print(f"[run] {e}", file=sys.stderr)
        sys.exit(2)

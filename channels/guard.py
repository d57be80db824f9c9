"""Refuse to serve with the local default tokens anywhere but loopback.

The local defaults (`local-dev-token` for Rasa's HTTP API, `local-agent-token` for the agent
desk) are in the README and in scripts/run.sh: anyone can read them. They are allowed only
when the Rasa server listens on loopback. Rasa 3.6 binds 0.0.0.0 unless `-i` says otherwise,
so the interface is read from the `rasa run` command line (the input channels are built
before the server starts: raising here stops `rasa run` before it listens).

In-process uses (tests building a channel directly) have no `rasa run` command line: not checked.
"""
from __future__ import annotations

import ipaddress
import os
import sys
from typing import Optional, Sequence

DEFAULT_API_TOKEN = "local-dev-token"
DEFAULT_AGENT_TOKEN = "local-agent-token"


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


def check(agent_token: Optional[str] = None, argv: Optional[Sequence[str]] = None) -> None:
    """Raise UnsafeDefault when `rasa run` would serve a local default token off loopback."""
    args = rasa_run_args(argv)
    if args is None:
        return
    interface = _option(args, "-i", "--interface") or "0.0.0.0"
    if is_loopback(interface):
        return
    if "--enable-api" in args:
        token = _option(args, "--auth-token", "-t")
        if not token or token == DEFAULT_API_TOKEN:
            raise UnsafeDefault(
                f"Refusing to serve the HTTP API on {interface} with "
                f"{'no token' if not token else 'the local default token'}: set RASA_AUTH_TOKEN "
                "to a secret of your own, or bind to 127.0.0.1.")
    if agent_token is not None and agent_token == DEFAULT_AGENT_TOKEN:
        raise UnsafeDefault(
            f"Refusing to serve the agent desk on {interface} with the local default token: "
            "set AGENT_TOKEN to a secret of your own, or bind to 127.0.0.1.")


if __name__ == "__main__":
    # scripts/run.sh, before starting anything: `python -m channels.guard <rasa run arguments>`
    # (AGENT_TOKEN from the environment). Exit 2 with the reason when refused.
    try:
        check(agent_token=os.environ.get("AGENT_TOKEN") or DEFAULT_AGENT_TOKEN,
              argv=["rasa", "run", *sys.argv[1:]])
    except UnsafeDefault as e:
        print(f"[run] {e}", file=sys.stderr)
        sys.exit(2)

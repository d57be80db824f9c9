"""Server-side keys that nobody types: given in the environment, or generated once and kept.

`persistent_secret("MP_SERVER_SECRET")` returns the environment's value when set; otherwise a
random one generated the first time and kept in RUN_DIR/secrets.json (owner-only, mode 600), so
a restart keeps every mini-program user's conversation id (a key random per start orphaned
them all). Several processes starting at once agree on one value (an exclusive file lock).

Tokens that people hand to clients (REST_TOKEN, RASA_AUTH_TOKEN, AGENT_TOKEN) are never
generated: an operator must choose and distribute them, so asking for one raises.

    python -m channels.secrets MP_SERVER_SECRET     # prints it (scripts/run.sh exports it)
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets as _random
import sys
from pathlib import Path
from typing import Mapping, Optional

NEVER_GENERATED = frozenset({"REST_TOKEN", "RASA_AUTH_TOKEN", "AGENT_TOKEN"})
ROOT = Path(__file__).resolve().parents[1]


def store_path(env: Optional[Mapping[str, str]] = None) -> Path:
    env = os.environ if env is None else env
    run_dir = Path(env.get("RUN_DIR") or "logs")
    return (run_dir if run_dir.is_absolute() else ROOT / run_dir) / "secrets.json"


def persistent_secret(name: str, env: Optional[Mapping[str, str]] = None) -> str:
    """The secret `name`: the environment's, else the one kept in RUN_DIR/secrets.json (made now
    when there is none yet: 48 random bytes, URL-safe)."""
    env = os.environ if env is None else env
    if env.get(name):
        return env[name]
    if name in NEVER_GENERATED:
        raise ValueError(f"{name} is never generated: set it to a secret of your own")
    path = store_path(env)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)            # a file made by hand or an older run: owner-only now
        fcntl.flock(fd, fcntl.LOCK_EX)  # two processes starting together agree on one value
        with os.fdopen(os.dup(fd), "r+", encoding="utf-8") as f:
            text = f.read()
            try:
                kept = json.loads(text) if text.strip() else {}
            except ValueError:
                raise ValueError(f"{path} is not valid JSON: fix or remove it "
                                 f"(its secrets: {', '.join(sorted(NEVER_GENERATED))} are never kept there)")
            if not isinstance(kept, dict):
                raise ValueError(f"{path} should hold a JSON object")
            if not kept.get(name):
                kept[name] = _random.token_urlsafe(48)
                f.seek(0)
                f.truncate()
                json.dump(kept, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            return kept[name]
    finally:
        os.close(fd)          # closing the last descriptor releases the lock


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m channels.secrets NAME", file=sys.stderr)
        sys.exit(2)
    try:
        print(persistent_secret(sys.argv[1]))
    except ValueError as e:
        print(f"[secrets] {e}", file=sys.stderr)
        sys.exit(2)

"""Server-side keys the doors need (mini-program server secret, handle and kiosk keys): from
the environment when given, else generated once and kept across restarts.

The generating is part A's `channels.secrets.persistent_secret` (owner-only file) once that
module exists; until then a stand-in with the same promise: `DOORS_SECRETS_FILE` (default
logs/secrets.json), created 600, one random value per name, written under an exclusive lock so
several processes starting at once agree on one value.
"""
from __future__ import annotations

import fcntl
import json
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fallback(name: str) -> str:
    path = Path(os.environ.get("DOORS_SECRETS_FILE") or ROOT / "logs" / "secrets.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        text = f.read()
        data = json.loads(text) if text.strip() else {}
        if not isinstance(data.get(name), str):
            data[name] = secrets.token_urlsafe(48)
            f.seek(0)
            f.truncate()
            json.dump(data, f)
            f.flush()
            os.fsync(f.fileno())
        return data[name]


def persistent(name: str) -> str:
    """The kept secret called `name` (generated the first time)."""
    try:
        from channels.secrets import persistent_secret      # part A's, when present
    except ImportError:
        return _fallback(name)
    return persistent_secret(name)


def key(env_name: str, given: str | None = None) -> str:
    """The environment's value, else `given` (credentials.yml), else the kept secret of that name."""
    return os.environ.get(env_name) or given or persistent(env_name)

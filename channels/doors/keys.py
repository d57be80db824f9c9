"""Server-side keys the doors need (mini-program server secret, a kiosk key off loopback): from
the environment or credentials.yml when given, else generated once and kept across restarts by
channels/secrets.py (RUN_DIR/secrets.json, owner-only)."""
from __future__ import annotations

import os
from typing import Optional

from channels.secrets import persistent_secret


def persistent(name: str) -> str:
    """The kept secret called `name` (generated the first time)."""
    return persistent_secret(name)


def key(env_name: str, given: Optional[str] = None) -> str:
    """The environment's value, else `given` (credentials.yml), else the kept secret of that name."""
    return os.environ.get(env_name) or given or persistent(env_name)

"""The assistant as a fleet on loopback: PostgreSQL (tracker store), Redis (atomic lock
store), one action server, N Rasa replicas and nginx in front with consistent hashing on
the conversation id. Used by scripts/fleet.sh (``python -m fleetctl``) and tests/fleet/.

Every process is started by this module on free loopback ports (never 5005/5055), in its
own process group, and only those processes are ever stopped.
"""
from .services import Fleet, Nginx, Postgres, Redis, ensure_installed, free_port  # noqa: F401

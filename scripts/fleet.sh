#!/usr/bin/env bash
# Run the assistant as a fleet on loopback: PostgreSQL (tracker store), Redis (atomic lock
# store, lockstores/redis_atomic.py), one action server, FLEET_REPLICAS (default 2) Rasa
# replicas started one after another, and nginx in front (consistent hashing on the
# conversation id, failover to another replica). Ports are free ones (never 5005/5055);
# FLEET_PORT picks nginx's. Prints the address; Ctrl-C stops everything it started.
#   bash scripts/fleet.sh [--replicas N] [--port P] [--dir D]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/fleet_setup.sh      # apt-get postgresql redis-server nginx-light when missing
bash scripts/setup.sh            # .venv from requirements.lock
bash scripts/train.sh            # model when missing or stale
export TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m fleetctl "$@"

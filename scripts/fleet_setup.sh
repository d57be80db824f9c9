#!/usr/bin/env bash
# Install what the fleet needs and this machine lacks (Debian): PostgreSQL, Redis, nginx.
# Used by scripts/fleet.sh and tests/fleet/. Services are NOT started here (RUNLEVEL=1 keeps
# the packages' own init scripts from starting them): the fleet starts its own copies.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v setpriv >/dev/null 2>&1 || need+=(util-linux)
if [ "${#need[@]}" -gt 0 ]; then
  echo "[fleet] installing ${need[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

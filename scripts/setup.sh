#!/usr/bin/env bash
# Set up the project's Python environment in .venv (idempotent, quick when nothing changed).
# Rasa 3.6.21 declares Python <3.11 but runs on 3.11 (see docs/toolchain notes in README):
# the lock file is installed with --no-deps --ignore-requires-python.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "需要 Python 3.11 / Python 3.11 is required (Rasa 3.6 runs on no newer Python)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv"
  "$(find_python)" -m venv .venv
fi
want=$(sha256sum requirements.lock | cut -c1-16)
if [ "$(cat .venv/.lock-hash 2>/dev/null)" != "$want" ]; then
  echo "[setup] installing requirements.lock into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps \
    --ignore-requires-python -r requirements.lock
  echo "$want" > .venv/.lock-hash
fi

# Screening on Dask (policy_core/screen/on_dask.py, tests/screen/test_dask.py) in its own .venv-dask:
# Rasa pins dask 2022.10.2, whose distributed does not run on Python 3.11.
want_dask=$(sha256sum requirements-dask.lock | cut -c1-16)
if [ ! -x .venv-dask/bin/python ]; then
  echo "[setup] creating .venv-dask"
  "$(find_python)" -m venv .venv-dask
fi
if [ "$(cat .venv-dask/.lock-hash 2>/dev/null)" != "$want_dask" ]; then
  echo "[setup] installing requirements-dask.lock into .venv-dask"
  .venv-dask/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-dask.lock
  echo "$want_dask" > .venv-dask/.lock-hash
fi

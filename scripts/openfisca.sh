#!/usr/bin/env bash
# Build .venv-openfisca from requirements-openfisca.lock (idempotent, quick when nothing changed):
# OpenFisca's country template, run beside the screen by benchmarks/bench_screen.py through
# benchmarks/openfisca_template.py. Its own environment because its numpy differs from Rasa's pin.
# Not part of scripts/setup.sh: CI does not run the benchmark.
#
#   scripts/openfisca.sh            # then: .venv-openfisca/bin/python benchmarks/openfisca_template.py 1000 /tmp/of.parquet
set -euo pipefail
cd "$(dirname "$0")/.."

py=""
for p in python3.11 python3; do
  if command -v "$p" >/dev/null 2>&1 &&
     "$p" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
    py=$p; break
  fi
done
if [ -z "$py" ]; then
  echo "需要 Python 3.11 / Python 3.11 is required (the lock was made on 3.11)" >&2
  exit 1
fi

if [ ! -x .venv-openfisca/bin/python ]; then
  echo "[openfisca] creating .venv-openfisca"
  "$py" -m venv .venv-openfisca
fi
want=$(sha256sum requirements-openfisca.lock | cut -c1-16)
if [ "$(cat .venv-openfisca/.lock-hash 2>/dev/null)" != "$want" ]; then
  echo "[openfisca] installing requirements-openfisca.lock into .venv-openfisca"
  .venv-openfisca/bin/python -m pip install -q --disable-pip-version-check --no-deps \
    -r requirements-openfisca.lock
  echo "$want" > .venv-openfisca/.lock-hash
fi
.venv-openfisca/bin/python -c 'import openfisca_country_template, pyarrow' \
  && echo "[openfisca] .venv-openfisca ready"

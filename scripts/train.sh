#!/usr/bin/env bash
# Train the Rasa model when it is missing or stale (config, domain, data or the
# jieba dictionary changed). Rasa's own cache does not see dictionary edits, so
# a stale model is retrained with --force.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false
want=$(cat config.yml domain.yml $(find -L data fact_extraction/jieba_dict -type f | sort) | sha256sum | cut -c1-16)
if [ -f models/current.tar.gz ] && [ "$(cat models/.fingerprint 2>/dev/null)" = "$want" ]; then
  echo "[train] model is up to date (models/current.tar.gz)"
else
  echo "[train] training the Rasa model (about a minute on 2 cores)…"
  mkdir -p models logs
  start=$(date +%s)
  .venv/bin/rasa train --force --fixed-model-name current --out models 2>&1 | tee logs/train.log \
    | grep --line-buffered -E "Epochs:|Training NLU|Training Core|Your Rasa model|error|Error" \
    | sed -u 's/\r/\n/g' | grep --line-buffered -vE "^\s*$" || true
  [ -f models/current.tar.gz ] || { echo "[train] training failed: see logs/train.log" >&2; exit 1; }
  echo "$want" > models/.fingerprint
  echo "[train] done in $(( $(date +%s) - start )) s"
fi

# The reader's act/holder/question classifiers (understanding/), trained from corpus/ when stale.
.venv/bin/python - <<'PY'
from understanding.train import MODEL_DIR, fingerprint, train
stamp = MODEL_DIR / "fingerprint"
if stamp.exists() and stamp.read_text() == fingerprint():
    print("[train] reader classifiers are up to date (models/reader)")
else:
    print("[train] training the reader's classifiers from corpus/ (about 90 s on 2 cores)…")
    train()
PY

#!/usr/bin/env bash
# Set up and run every test. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Debian's Chromium, CJK fonts and pdftotext for the front doors' browser tests (tests/doors/): installed once.
if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then bash scripts/setup_browser.sh; fi
export TF_CPP_MIN_LOG_LEVEL=2 PYTHONDONTWRITEBYTECODE=1
PY=.venv/bin/python

echo "== policy samples (../shared/eval) =="
if [ -f ../shared/eval/policy_cases.py ]; then
  python3 ../shared/eval/policy_cases.py ../shared/eval/sample_policy_cases.json
else
  echo "(../shared/eval not present: skipped)"
fi

echo "== pytest =="
# Exit 5 (no tests collected) must fail the run, never pass silently.
set +e
$PY -m pytest -q -p no:cacheprovider tests "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi
exit "$rc"

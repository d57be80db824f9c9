#!/usr/bin/env bash
# Set up and run the assistant. Until the Rasa assistant lands, this runs the
# policy core's CLI on an example and prints the explanation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo '{"age": 26, "hukou": "jinshan", "employment_status": "unemployed", "unemployment_months": 10, "hard_to_employ_certified": false}' \
  | .venv/bin/python -m policy_core evaluate - --explain

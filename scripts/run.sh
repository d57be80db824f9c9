#!/usr/bin/env bash
# Set up, train when needed, and run the assistant in the foreground:
# action server on :5055 and Rasa server on 127.0.0.1:5005 (REST channel, HTTP API
# with a token), SQLite tracker store in logs/. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/train.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" TF_CPP_MIN_LOG_LEVEL=2 RASA_TELEMETRY_ENABLED=false
# For local use only: set RASA_AUTH_TOKEN to a secret of your own anywhere else.
export RASA_AUTH_TOKEN="${RASA_AUTH_TOKEN:-local-dev-token}"
# The front doors (channels/doors/, credentials.yml). The agent desk's token is for local use only
# (loopback): set AGENT_TOKEN (and MP_SERVER_SECRET for the mini-program) to secrets of your own anywhere else.
export AGENT_TOKEN="${AGENT_TOKEN:-local-agent-token}" KIOSK_IDLE_SECONDS="${KIOSK_IDLE_SECONDS:-120}"
RASA_PORT="${RASA_PORT:-5005}" ACTIONS_PORT="${ACTIONS_PORT:-5055}"
mkdir -p logs
# One place for both ports: Rasa's action endpoint is endpoints.yml with ACTIONS_PORT put in
# (Rasa 3.6 does not expand variables there), so a second copy never calls the first's actions.
sed "s#http://127.0.0.1:5055/webhook#http://127.0.0.1:$ACTIONS_PORT/webhook#" endpoints.yml > logs/endpoints.yml
mkdir -p logs

pids=()
stop() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null
  echo "[run] stopped"
  exit 0
}
trap stop INT TERM EXIT

.venv/bin/rasa run actions --actions actions --port "$ACTIONS_PORT" > logs/actions.log 2>&1 &
pids+=($!)
.venv/bin/rasa run -m models/current.tar.gz --enable-api --auth-token "$RASA_AUTH_TOKEN" \
  -i 127.0.0.1 -p "$RASA_PORT" --credentials credentials.yml --endpoints logs/endpoints.yml \
  > logs/rasa.log 2>&1 &
pids+=($!)

echo "[run] starting (logs in logs/rasa.log and logs/actions.log)…"
for _ in $(seq 1 180); do
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "[run] a server exited: see logs/" >&2; tail -5 logs/rasa.log logs/actions.log >&2; exit 1; }; done
  if .venv/bin/python scripts/ready.py "http://127.0.0.1:$RASA_PORT/status?token=$RASA_AUTH_TOKEN" \
       "http://127.0.0.1:$ACTIONS_PORT/health"; then
    echo "[run] ready:"
    echo "  对话 REST:   POST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook  {\"sender\": \"…\", \"message\": \"…\"}"
    echo "  HTTP API:    http://127.0.0.1:$RASA_PORT/  (token: \$RASA_AUTH_TOKEN)"
    echo "  动作服务器:  http://127.0.0.1:$ACTIONS_PORT/health"
    echo "  自助终端:    http://127.0.0.1:$RASA_PORT/kiosk/  (无操作 ${KIOSK_IDLE_SECONDS} 秒清空 / idle reset)"
    echo "  热线坐席:    http://127.0.0.1:$RASA_PORT/agent/  (坐席令牌 agent token: \$AGENT_TOKEN, 默认 local-agent-token，仅限本机)"
    echo "  微信小程序:  POST http://127.0.0.1:$RASA_PORT/miniprogram/v1/login, /miniprogram/v1/messages  (MP_APPID, MP_APP_SECRET, MP_SERVER_SECRET)"
    echo "  Ctrl-C 停止 / Ctrl-C stops both"
    rc=0; wait -n "${pids[@]}" || rc=$?
    # Ctrl-C reaches the servers too (same process group): they stop with 0/130/143.
    case "$rc" in 0|130|143) exit 0 ;; esac
    echo "[run] a server stopped unexpectedly (status $rc): see logs/" >&2
    exit 1
  fi
  sleep 1
done
echo "[run] servers did not become ready in 180 s: see logs/" >&2
exit 1

#!/usr/bin/env bash
# Set up, train when needed, and run the assistant in the foreground:
# action server on 127.0.0.1:5055 and Rasa server on 127.0.0.1:5005 (REST channel, HTTP API
# with a token), SQLite tracker store in logs/. A server that crashes is started again (the
# conversations are in the tracker store, so they go on). Ctrl-C stops both.
#
# This is the one place ports and addresses are set (environment, with these defaults):
#   RASA_PORT=5005  RASA_HOST=127.0.0.1     Rasa server (REST, HTTP API, the three doors)
#   RASA_PROCESSES=<number of cores>        Rasa processes; with more than one, scripts/balancer.py
#                                           listens on RASA_PORT and they on 127.0.0.1 at
#   RASA_BACKEND_PORTS="RASA_PORT+100 …"    (one per process; each runs the doors too)
#   ACTIONS_PORT=5055  ACTIONS_HOST=127.0.0.1   action server (only Rasa calls it)
#   RASA_CORS=""    origins allowed to call Rasa from a browser (space-separated; none by default)
#   RUN_DIR=logs    logs, the generated endpoints file and the tracker database (owner-only)
# Off loopback (channels/guard.py refuses otherwise): RASA_AUTH_TOKEN, AGENT_TOKEN and REST_TOKEN
# secrets of your own (at least 32 characters, never generated), ALLOWED_HOSTS the names clients
# use, LOG_LEVEL above DEBUG. MP_SERVER_SECRET, when not given, is generated once into
# RUN_DIR/secrets.json (owner-only) and kept, so mini-program conversations survive a restart.
#   REST_TOKEN=""   when set, every REST request needs "Authorization: Bearer $REST_TOKEN"
#   ALLOWED_HOSTS=""  Host names (host or host:port) served; none: localhost, 127.0.0.1, [::1]
#   DOORS_TRUSTED_PROXIES=""  proxies whose X-Forwarded-For names the client (127.0.0.1 with the balancer)
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
RASA_HOST="${RASA_HOST:-127.0.0.1}" ACTIONS_HOST="${ACTIONS_HOST:-127.0.0.1}"
RASA_CORS="${RASA_CORS:-}" RUN_DIR="${RUN_DIR:-logs}"
# Mini-program log-in without a WeChat account: on loopback with no MP_APPID, the LOCAL WeChat
# stand-in (scripts/wechat_standin.py; the Rasa server refuses it off loopback).
case "$RASA_HOST" in 127.*|localhost|::1) if [ -z "${MP_APPID:-}" ]; then
  WECHAT_STANDIN_PORT="${WECHAT_STANDIN_PORT:-$((ACTIONS_PORT + 1))}"
  export MP_APPID=local-standin MP_APP_SECRET=local-standin WECHAT_API_BASE="http://127.0.0.1:$WECHAT_STANDIN_PORT"
fi ;; esac
RASA_PROCESSES="${RASA_PROCESSES:-$(nproc 2>/dev/null || echo 1)}"
if [ -z "${RASA_BACKEND_PORTS:-}" ]; then
  RASA_BACKEND_PORTS=""; for i in $(seq 0 $((RASA_PROCESSES - 1))); do RASA_BACKEND_PORTS+="$((RASA_PORT + 100 + i)) "; done
fi
read -r -a backend_ports <<< "$RASA_BACKEND_PORTS"
# What people tell the assistant is in the tracker database and the logs: owner-only.
umask 077
mkdir -p "$RUN_DIR"
chmod 700 "$RUN_DIR"
for f in "$RUN_DIR"/*.db "$RUN_DIR"/*.log; do [ -e "$f" ] && chmod 600 "$f"; done
# One place for the ports: Rasa's action endpoint and the tracker database path are endpoints.yml
# with ACTIONS_PORT and RUN_DIR put in (Rasa 3.6 does not expand variables there), so a second
# copy never calls the first's actions or writes into its tracker.
probe() { case "$1" in 0.0.0.0|::|"") echo 127.0.0.1 ;; *) echo "$1" ;; esac; }
act_host="$(probe "$ACTIONS_HOST")" rasa_probe="$(probe "$RASA_HOST")"
sed -e "s#http://127.0.0.1:5055/webhook#http://$act_host:$ACTIONS_PORT/webhook#" \
    -e "s#db: \"logs/tracker.db\"#db: \"$RUN_DIR/tracker.db\"#" endpoints.yml > "$RUN_DIR/endpoints.yml"
# Every Rasa process takes a conversation's lock from one SQLite file (atomic tickets, see
# lockstores/local.py): safe for several processes, nothing to start.
grep -q "^lock_store:" "$RUN_DIR/endpoints.yml" || printf '\nlock_store:\n  type: lockstores.local.SQLiteLockStore\n  path: "%s"\n' \
  "$RUN_DIR/locks.db" >> "$RUN_DIR/endpoints.yml"
# The database files owner-only before Rasa opens them; the tracker's tables made once here
# (not raced by several processes) and WAL journaling, so readers never wait for a writer.
for f in tracker.db locks.db; do [ -e "$RUN_DIR/$f" ] || : > "$RUN_DIR/$f"; chmod 600 "$RUN_DIR/$f"; done
PYTHONWARNINGS=ignore .venv/bin/python scripts/prepare_db.py "$RUN_DIR/tracker.db"
# Retention (trackerstores/retention.py, docs/security.md): conversations of every channel with
# nothing said for RETENTION_DAYS days are deleted before anything serves them, then daily.
export RETENTION_DAYS="${RETENTION_DAYS:-30}"
retention() { .venv/bin/python -m trackerstores.retention --endpoints "$RUN_DIR/endpoints.yml" >> "$RUN_DIR/retention.log" 2>&1; }
retention || { tail -1 "$RUN_DIR/retention.log" >&2; exit 2; }
# The address clients reach is RASA_HOST, also for the Rasa processes behind the balancer
# (they listen on loopback): the in-process checks (channels/guard.py exposed) read it, and
# they believe the balancer's X-Forwarded-For (channels/doors/network.py).
export RASA_PUBLIC_HOST="$RASA_HOST" RUN_DIR   # RUN_DIR: where channels/secrets.py keeps generated keys
if [ "$RASA_PROCESSES" -gt 1 ]; then export DOORS_TRUSTED_PROXIES="${DOORS_TRUSTED_PROXIES:-127.0.0.1}"; fi
# Every process runs the doors too: their sessions and handles are in the doors' store
# (channels/doors/store.py), so a visit survives the process that began it.

cors=()
for o in $RASA_CORS; do cors+=(--cors "$o"); done
rasa_args=(-m models/current.tar.gz --enable-api --auth-token "$RASA_AUTH_TOKEN"
           --endpoints "$RUN_DIR/endpoints.yml" ${cors[@]+"${cors[@]}"})
# The local default tokens only on loopback (the public address): refuse before starting anything.
.venv/bin/python -m channels.guard "${rasa_args[@]}" -i "$RASA_HOST" || exit 2

# Each server runs under a small supervisor loop (its own process group, so stopping it stops
# the server too): a crash is logged and the server is started again after a second.
set -m
pids=()
stopping=0
stop() {
  stopping=1
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  wait 2>/dev/null
  echo "[run] stopped"
  exit 0
}
trap stop INT TERM EXIT

main=$$
supervise() {  # name log command...
  local name="$1" log="$2"; shift 2
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$@" >> "$log" 2>&1 &
    child=$!
    # Stop with this script even when it is killed outright (no trap runs then).
    while kill -0 "$child" 2>/dev/null; do
      kill -0 "$main" 2>/dev/null || { kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0; }
      sleep 1 & wait $! 2>/dev/null || true
    done
    rc=0; wait "$child" || rc=$?
    echo "[run] $(date '+%F %T') $name exited (status $rc): restarting" | tee -a "$log" >&2
    sleep 1
  done
}

# Once a day while running (checked hourly, so it also ends with this script).
( hours=0; while kill -0 "$main" 2>/dev/null; do
    sleep 3600 & wait $! 2>/dev/null || true
    hours=$((hours + 1)); [ "$hours" -ge 24 ] && { hours=0; retention || true; }
  done ) &
pids+=($!)
supervise "action server" "$RUN_DIR/actions.log" \
  .venv/bin/python -m actions.server --host "$ACTIONS_HOST" --port "$ACTIONS_PORT" &
pids+=($!)
if [ "${MP_APPID:-}" = local-standin ]; then
  supervise "WeChat stand-in" "$RUN_DIR/wechat-standin.log" .venv/bin/python scripts/wechat_standin.py --port "$WECHAT_STANDIN_PORT" &
  pids+=($!)
fi
ready_urls=("http://$act_host:$ACTIONS_PORT/health" "http://$rasa_probe:$RASA_PORT/status?token=$RASA_AUTH_TOKEN")
if [ "$RASA_PROCESSES" -le 1 ]; then
  supervise "Rasa server" "$RUN_DIR/rasa.log" .venv/bin/rasa run "${rasa_args[@]}" \
    -i "$RASA_HOST" -p "$RASA_PORT" --credentials credentials.yml &
  pids+=($!)
else
  backends=()
  for i in $(seq 0 $((RASA_PROCESSES - 1))); do
    port="${backend_ports[$i]}" creds=credentials.yml log="$RUN_DIR/rasa.log"
    [ "$i" -gt 0 ] && log="$RUN_DIR/rasa-$i.log"
    supervise "Rasa server $i" "$log" .venv/bin/rasa run "${rasa_args[@]}" \
      -i 127.0.0.1 -p "$port" --credentials "$creds" &
    pids+=($!)
    backends+=(--backend "127.0.0.1:$port")
    ready_urls+=("http://127.0.0.1:$port/status?token=$RASA_AUTH_TOKEN")
  done
  supervise "balancer" "$RUN_DIR/balancer.log" .venv/bin/python scripts/balancer.py \
    --listen "$RASA_HOST:$RASA_PORT" "${backends[@]}" &
  pids+=($!)
fi

echo "[run] starting (logs in $RUN_DIR/rasa.log and $RUN_DIR/actions.log)…"
for _ in $(seq 1 180); do
  if .venv/bin/python scripts/ready.py "${ready_urls[@]}"; then
    echo "[run] ready ($RASA_PROCESSES Rasa process(es)):"
    echo "  对话 REST:   POST http://$RASA_HOST:$RASA_PORT/webhooks/rest/webhook  {\"sender\": \"…\", \"message\": \"…\"}"
    echo "  HTTP API:    http://$RASA_HOST:$RASA_PORT/  (token: \$RASA_AUTH_TOKEN)"
    echo "  动作服务器:  http://$ACTIONS_HOST:$ACTIONS_PORT/health"
    echo "  自助终端:    http://$RASA_HOST:$RASA_PORT/kiosk/  (无操作 ${KIOSK_IDLE_SECONDS} 秒清空 / idle reset)"
    echo "  热线坐席:    http://$RASA_HOST:$RASA_PORT/agent/  (坐席令牌 agent token: \$AGENT_TOKEN, 默认 local-agent-token，仅限本机)"
    echo "  微信小程序:  POST http://$RASA_HOST:$RASA_PORT/miniprogram/v1/login, /miniprogram/v1/messages  (MP_APPID, MP_APP_SECRET, MP_SERVER_SECRET)"
    [ "${MP_APPID:-}" = local-standin ] && echo "               本机微信登录替身 LOCAL WeChat stand-in: $WECHAT_API_BASE（仅限本机 / loopback only）"
    echo "  Ctrl-C 停止 / Ctrl-C stops both"
    wait
    exit 0
  fi
  sleep 1
done
echo "[run] servers did not become ready in 180 s: see $RUN_DIR/" >&2
exit 1

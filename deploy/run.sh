#!/usr/bin/env bash
# Runs ibasho locally: installs what is missing, builds (Release), makes a dev certificate,
# starts two project-local Redis servers and the server, prints the URL once the server
# answers, and on Ctrl-C or SIGTERM stops them all and exits 0. The two Redis roles are the
# production layout (docs/privacy.md, "Which Redis holds what"): an ephemeral one without
# persistence for history, presence and sessions (data folder var/redis-ephemeral, which holds
# only its pid and log), and the durable Store's with AOF (var/redis), so message text never
# reaches a file even in development.
# Works from any working directory and again and again (var/ is reused).
#
# Environment (defaults in brackets):
#   IBASHO_HTTPS_PORT [8443]  IBASHO_HTTP_PORT [8080]
#   IBASHO_REDIS_PORT [6390]  the ephemeral Redis   IBASHO_STORE_REDIS_PORT [6389]  the Store's
#   IBASHO_VAR_DIR [var]      state folder; a relative path is taken from the repository root
#   BUILD_DIR [build]         the build folder (deploy/build.sh)
# Extra arguments go to the server: deploy/run.sh --log-level debug
set -euo pipefail
cd "$(dirname "$0")/.."

https_port="${IBASHO_HTTPS_PORT:-8443}"
http_port="${IBASHO_HTTP_PORT:-8080}"
redis_port="${IBASHO_REDIS_PORT:-6390}"
store_redis_port="${IBASHO_STORE_REDIS_PORT:-6389}"
var_dir="${IBASHO_VAR_DIR:-var}"
build_dir="${BUILD_DIR:-build}"

fail() {
  echo "run: $*" >&2
  exit 1
}

# One clear line per mistake before anything slow happens.
for pair in "IBASHO_HTTPS_PORT=$https_port" "IBASHO_HTTP_PORT=$http_port" \
            "IBASHO_REDIS_PORT=$redis_port" "IBASHO_STORE_REDIS_PORT=$store_redis_port"; do
  value="${pair#*=}"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    fail "${pair%%=*} must be a port number from 1 to 65535 (it is '$value')"
  fi
done
if [[ $(printf '%s\n' "$https_port" "$http_port" "$redis_port" "$store_redis_port" |
        sort -u | wc -l) != 4 ]]; then
  fail "IBASHO_HTTPS_PORT, IBASHO_HTTP_PORT, IBASHO_REDIS_PORT and IBASHO_STORE_REDIS_PORT must be four different ports"
fi

deploy/install-deps.sh
deploy/build.sh
deploy/build-client.sh
deploy/dev-cert.sh "$var_dir/tls"

# Listening on 127.0.0.1 or on every address both count as taken.
port_taken() {
  ss -ltnH "( sport = :$1 )" 2>/dev/null | grep -q .
}
for pair in "IBASHO_HTTPS_PORT=$https_port" "IBASHO_HTTP_PORT=$http_port"; do
  if port_taken "${pair#*=}"; then
    fail "port ${pair#*=} is already in use; choose another with ${pair%%=*}=PORT"
  fi
done

# Starts (or reuses) the Redis on port $1 with data in $2 and mode $3; prints its pid, or
# nothing when one was already running (it is left running afterwards). $4 names the variable.
start_redis() {
  if redis-cli -p "$1" ping >/dev/null 2>&1; then
    echo "Redis already answers on port $1; using it (it stays running afterwards)" >&2
  elif port_taken "$1"; then
    fail "port $1 is already in use (not by Redis); choose another with $4=PORT"
  else
    deploy/redis-local.sh "$1" "$2" "$3"
  fi
}
redis_pid=""
store_redis_pid=""
redis_pid=$(start_redis "$redis_port" "$var_dir/redis-ephemeral" --ephemeral IBASHO_REDIS_PORT)
store_redis_pid=$(start_redis "$store_redis_port" "$var_dir/redis" --aof IBASHO_STORE_REDIS_PORT) || {
  [[ -n "$redis_pid" ]] && redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  exit 1
}

server_pid=""
stopping=0
# Waits up to $2 tenths of a second for process $1 to be gone.
wait_gone() {
  for _ in $(seq 1 "$2"); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}
stop() {
  [[ "$stopping" == 1 ]] && return
  stopping=1
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  # SHUTDOWN flushes the AOF (and saves nothing without one); the pid check makes sure
  # nothing is left behind.
  if [[ -n "$redis_pid" ]]; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    wait_gone "$redis_pid" 100 || kill -KILL "$redis_pid" 2>/dev/null || true
  fi
  if [[ -n "$store_redis_pid" ]]; then
    redis-cli -p "$store_redis_port" shutdown >/dev/null 2>&1 || true
    wait_gone "$store_redis_pid" 100 || kill -KILL "$store_redis_pid" 2>/dev/null || true
  fi
}
# Ctrl-C and SIGTERM are the normal way to stop: clean up and exit 0.
# A second signal while stopping (Ctrl-C pressed twice, or a supervisor that forwards TERM)
# must not cut the clean-up short, so the first one ignores the rest. (Handling them instead
# would run this function inside stop(), and bash 5.2 then loses track of its function
# contexts and dies.)
on_signal() {
  trap '' INT TERM
  stop
  echo "stopped"
  exit 0
}
trap on_signal INT TERM
trap 'stop' EXIT

"$build_dir/server/ibasho-server" \
  --listen "127.0.0.1:$http_port" \
  --tls-listen "127.0.0.1:$https_port" \
  --cert "$var_dir/tls/cert.pem" --key "$var_dir/tls/key.pem" \
  --redis "redis://127.0.0.1:$redis_port" \
  --store-redis "redis://127.0.0.1:$store_redis_port" \
  --rooms deploy/rooms.json \
  --static client-web/dist \
  "$@" &
server_pid=$!

# The URL is printed only once the server answers, so whoever reads it can use it at once.
ready=0
for _ in $(seq 1 150); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    status=0
    wait "$server_pid" || status=$?
    server_pid=""
    fail "ibasho-server stopped during start-up (exit status $status); its message is above"
  fi
  if curl -fsk --max-time 1 "https://127.0.0.1:$https_port/healthz" >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.1
done
[[ "$ready" == 1 ]] || fail "ibasho-server did not answer on port $https_port within 15 s"

echo
echo "ibasho is running:  https://localhost:$https_port/   (plain: http://localhost:$http_port/)"
echo "WebSocket:          wss://localhost:$https_port/ws"
echo "Stop with Ctrl-C."
status=0
wait "$server_pid" || status=$?
server_pid=""
fail "ibasho-server ended by itself (exit status $status)"

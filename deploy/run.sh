#!/usr/bin/env bash
# Runs ibasho locally: installs what is missing, builds (Release), makes a dev certificate,
# starts a project-local Redis (AOF, data in var/redis) and the server, prints the URL once
# the server answers, and on Ctrl-C or SIGTERM stops both and exits 0.
# Works from any working directory and again and again (var/ is reused).
#
# Environment (defaults in brackets):
#   IBASHO_HTTPS_PORT [8443]  IBASHO_HTTP_PORT [8080]  IBASHO_REDIS_PORT [6390]
#   IBASHO_VAR_DIR [var]      state folder; a relative path is taken from the repository root
#   BUILD_DIR [build]         the build folder (deploy/build.sh)
# Extra arguments go to the server: deploy/run.sh --log-level debug
set -euo pipefail
cd "$(dirname "$0")/.."

https_port="${IBASHO_HTTPS_PORT:-8443}"
http_port="${IBASHO_HTTP_PORT:-8080}"
redis_port="${IBASHO_REDIS_PORT:-6390}"
var_dir="${IBASHO_VAR_DIR:-var}"
build_dir="${BUILD_DIR:-build}"

fail() {
  echo "run: $*" >&2
  exit 1
}

# One clear line per mistake before anything slow happens.
for pair in "IBASHO_HTTPS_PORT=$https_port" "IBASHO_HTTP_PORT=$http_port" \
            "IBASHO_REDIS_PORT=$redis_port"; do
  value="${pair#*=}"
  if ! [[ "$value" =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
    fail "${pair%%=*} must be a port number from 1 to 65535 (it is '$value')"
  fi
done
if [[ "$https_port" == "$http_port" || "$https_port" == "$redis_port" ||
      "$http_port" == "$redis_port" ]]; then
  fail "IBASHO_HTTPS_PORT, IBASHO_HTTP_PORT and IBASHO_REDIS_PORT must be three different ports"
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

redis_pid=""
if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  echo "Redis already answers on port $redis_port; using it (it stays running afterwards)"
elif port_taken "$redis_port"; then
  fail "port $redis_port is already in use (not by Redis); choose another with IBASHO_REDIS_PORT=PORT"
else
  redis_pid=$(deploy/redis-local.sh "$redis_port" "$var_dir/redis" --aof)
fi

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
  if [[ -n "$redis_pid" ]]; then
    # SHUTDOWN flushes the AOF; the pid check makes sure nothing is left behind.
    redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true
    wait_gone "$redis_pid" 100 || kill -KILL "$redis_pid" 2>/dev/null || true
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

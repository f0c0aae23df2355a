#!/usr/bin/env bash
# Runs ibasho locally: installs what is missing, builds (Release), makes a dev certificate,
# starts a project-local Redis (port 6390, AOF, data in var/redis) and the server
# (HTTPS 8443, HTTP 8080), prints the URL, and stops both cleanly on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
deploy/build.sh
deploy/build-client.sh
deploy/dev-cert.sh var/tls

redis_port="${IBASHO_REDIS_PORT:-6390}"
if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  echo "Redis already answers on port $redis_port; using it"
  redis_started=0
else
  deploy/redis-local.sh "$redis_port" var/redis --aof >/dev/null
  redis_started=1
fi

server_pid=""
stop() {
  trap - INT TERM EXIT
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ "$redis_started" == 1 ]]; then
    redis-cli -p "$redis_port" shutdown >/dev/null 2>&1 || true
  fi
  echo "stopped"
}
trap stop INT TERM EXIT

build/server/ibasho-server \
  --listen 127.0.0.1:8080 \
  --tls-listen 127.0.0.1:8443 --cert var/tls/cert.pem --key var/tls/key.pem \
  --redis "redis://127.0.0.1:$redis_port" \
  --rooms deploy/rooms.json \
  --static client-web/dist \
  "$@" &
server_pid=$!
sleep 0.5
if ! kill -0 "$server_pid" 2>/dev/null; then
  wait "$server_pid"
  exit $?
fi
echo
echo "ibasho is running:  https://localhost:8443   (plain: http://localhost:8080)"
echo "WebSocket:          wss://localhost:8443/ws"
echo "Stop with Ctrl-C."
wait "$server_pid"

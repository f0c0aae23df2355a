#!/usr/bin/env bash
# Runs several ibasho nodes behind HAProxy on loopback, sharing one Redis: the local picture of
# a multi-node deployment, for trying fail-over by hand and for the multi-node tests.
# Usage: deploy/cluster.sh [--nodes N] [--port P] [--base-port B] [--redis-port R] [--dir D]
#                          [-- extra server flags]
# Defaults: 3 nodes on 8081.., HAProxy on 8080, Redis on 6391, state in var/cluster.
# Prints "cluster ready: http://127.0.0.1:P" when HAProxy sees every node ready; Ctrl-C or
# SIGTERM stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=3
port=8080
base_port=8081
redis_port=6391
dir=var/cluster
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --redis-port) redis_port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [[ ! -x build/server/ibasho-server ]]; then
  deploy/install-deps.sh
  deploy/build.sh
fi
if [[ ! -f client-web/dist/index.html ]]; then
  deploy/build-client.sh
fi
mkdir -p "$dir"

pids=()
redis_started=0
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ "$redis_started" == 1 ]]; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  fi
}
trap stop INT TERM EXIT

if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  deploy/redis-local.sh "$redis_port" "$dir/redis" --aof >/dev/null
  redis_started=1
fi

servers=""
for i in $(seq 1 "$nodes"); do
  node_port=$((base_port + i - 1))
  build/server/ibasho-server --listen "127.0.0.1:$node_port" --node-id "node-$i" \
    --redis "redis://127.0.0.1:$redis_port" --rooms deploy/rooms.json \
    --static client-web/dist "${extra[@]}" 2>"$dir/node-$i.log" &
  pids+=($!)
  servers+="  server node-$i 127.0.0.1:$node_port check inter 1s fall 2 rise 1"$'\n'
done

# No log lines: HAProxy would otherwise record client addresses (DESIGN.md rule 2).
# Each proxied connection takes two descriptors; stay inside this machine's hard limit.
maxconn=$(( $(ulimit -Hn) / 2 - 200 ))
cat >"$dir/haproxy.cfg" <<CFG
global
  maxconn $maxconn

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout http-request 10s

frontend ibasho
  bind 127.0.0.1:$port
  default_backend nodes

backend nodes
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
$servers
CFG
haproxy -W -db -f "$dir/haproxy.cfg" 2>"$dir/haproxy.log" &
pids+=($!)

for _ in $(seq 1 100); do
  ready=0
  for i in $(seq 1 "$nodes"); do
    if curl -fs "http://127.0.0.1:$((base_port + i - 1))/readyz" >/dev/null 2>&1; then
      ready=$((ready + 1))
    fi
  done
  if [[ "$ready" == "$nodes" ]] && curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    echo "cluster ready: http://127.0.0.1:$port ($nodes nodes, Redis on $redis_port)"
    wait -n "${pids[@]}" || true
    echo "a cluster process ended; stopping the rest" >&2
    exit 1
  fi
  sleep 0.2
done
echo "the cluster did not become ready; logs in $dir" >&2
exit 1

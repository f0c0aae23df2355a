#!/usr/bin/env bash
# Runs several ibasho nodes behind HAProxy on loopback, sharing one Redis: the local picture of
# a multi-node deployment, for trying fail-over by hand and for the multi-node tests.
# Usage: deploy/cluster.sh [--nodes N] [--port P] [--base-port B] [--redis-port R] [--dir D]
#                          [--rooms FILE] [-- extra server flags]
# Defaults: 3 nodes on 8081.., HAProxy on 8080, Redis on 6391, state in var/cluster (a relative
# --dir is taken from the current directory). --base-port 0 lets every node take any free port
# (read back from its log), which is what tests use so that nothing else can hold the ports.
# Prints "cluster ready: http://127.0.0.1:P" when HAProxy sees every node ready; Ctrl-C or
# SIGTERM stops everything it started and exits 0. When start-up fails it prints the end of
# every log it has and exits 1.
# The state dir records each node's command line, pid and port (deploy/lib/nodes.sh) and holds
# HAProxy's admin socket (haproxy.sock) and cluster.env, so deploy/rolling-restart.sh --dir D
# can restart the nodes one at a time while this script keeps running.
set -euo pipefail
caller_dir=$(pwd -P)
cd "$(dirname "$0")/.."

nodes=3
port=8080
base_port=8081
redis_port=6391
dir=var/cluster
dir_given=0
rooms=deploy/rooms.json
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --redis-port) redis_port="$2"; shift 2 ;;
    --dir) dir="$2"; dir_given=1; shift 2 ;;
    --rooms) rooms="$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "cluster: unknown option: $1" >&2; exit 2 ;;
  esac
done
for pair in "--nodes=$nodes" "--port=$port" "--base-port=$base_port" "--redis-port=$redis_port"; do
  if ! [[ "${pair#*=}" =~ ^[0-9]+$ ]]; then
    echo "cluster: ${pair%%=*} takes a number (it is '${pair#*=}')" >&2
    exit 2
  fi
done
if [[ "$dir_given" == 1 && "$dir" != /* ]]; then
  dir="$caller_dir/$dir"
fi
if [[ "$rooms" != /* && "$rooms" != deploy/rooms.json ]]; then
  rooms="$caller_dir/$rooms"
fi
mkdir -p "$dir/nodes"
dir=$(cd "$dir" && pwd -P)
repo=$(pwd -P)
# shellcheck source=deploy/lib/nodes.sh
source deploy/lib/nodes.sh

if [[ ! -x build/server/ibasho-server ]]; then
  deploy/install-deps.sh
  deploy/build.sh
fi
if [[ ! -f client-web/dist/index.html ]]; then
  deploy/build-client.sh
fi

pids=()
redis_pid=""
stopping=0
# Every node's current pid (a rolling restart replaces them) and HAProxy.
current_pids() {
  for i in $(seq 1 "$nodes"); do node_pid "$dir" "$i"; done
  if [[ -n "${haproxy_pid:-}" ]]; then echo "$haproxy_pid"; fi
}
stop() {
  [[ "$stopping" == 1 ]] && return
  stopping=1
  local live
  live=$(current_pids || true)
  for pid in $live; do kill -TERM "$pid" 2>/dev/null || true; done
  # Not all of them are this shell's children (restarted nodes are not), so poll; a node
  # drains for --drain-time and then has --shutdown-grace to close.
  for _ in $(seq 1 600); do
    local any=0
    for pid in $live; do pid_alive "$pid" && any=1; done
    [[ "$any" == 0 ]] && break
    sleep 0.1
  done
  for pid in $live; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$redis_pid" ]]; then
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
      kill -0 "$redis_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$redis_pid" 2>/dev/null || true
  fi
}
# What a failed start needs to be understood: the end of every log, in one place.
show_logs() {
  for f in "$dir"/node-*.log "$dir/haproxy.log" "$dir/redis/redis.log"; do
    [[ -s "$f" ]] || continue
    echo "--- last lines of $f" >&2
    tail -n 15 "$f" >&2
  done
}
give_up() {
  echo "cluster: $*; logs in $dir" >&2
  show_logs
  exit 1
}
# A second signal while stopping (Ctrl-C pressed twice, or a supervisor that forwards TERM)
# must not cut the clean-up short, so the first one ignores the rest. (Handling them instead
# would run this function inside stop(), and bash 5.2 then loses track of its function
# contexts and dies.)
on_signal() {
  trap '' INT TERM
  stop
  exit 0
}
trap on_signal INT TERM
trap 'stop' EXIT

if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
  echo "Redis already answers on port $redis_port; using it"
else
  redis_pid=$(deploy/redis-local.sh "$redis_port" "$dir/redis" --aof) ||
    give_up "Redis did not start on port $redis_port"
fi

node_ports=()
# Records node I's command line, listening on PORT, in the state dir.
record_node() {  # I PORT
  node_write_cmd "$dir" "$1" "$repo" "$dir/node-$1.log" build/server/ibasho-server \
    --listen "127.0.0.1:$2" --node-id "node-$1" --redis "redis://127.0.0.1:$redis_port" \
    --rooms "$rooms" --static client-web/dist "${extra[@]}"
}
for i in $(seq 1 "$nodes"); do
  node_port=0
  [[ "$base_port" != 0 ]] && node_port=$((base_port + i - 1))
  rm -f "$dir/nodes/node-$i.restarting" "$dir/nodes/node-$i.port"
  : >"$dir/node-$i.log"
  record_node "$i" "$node_port"
  node_start "$dir" "$i"
  pids+=("$(node_pid "$dir" "$i")")
done

# Each node logs "event=started ... http_port=N" once it listens; with --base-port 0 that is
# the only way to learn its port.
for i in $(seq 1 "$nodes"); do
  found=""
  for _ in $(seq 1 150); do
    found=$(grep -o 'event=started .*http_port=[0-9]*' "$dir/node-$i.log" 2>/dev/null |
            sed 's/.*http_port=//' | head -n 1 || true)
    [[ -n "$found" ]] && break
    kill -0 "${pids[$((i - 1))]}" 2>/dev/null || give_up "node-$i stopped during start-up"
    sleep 0.1
  done
  [[ -n "$found" ]] || give_up "node-$i did not report its port within 15 s"
  node_ports+=("$found")
  # A restart must bring the node back on the port HAProxy knows, not on another free one.
  record_node "$i" "$found"
  echo "$found" >"$dir/nodes/node-$i.port"
done

servers=""
for i in $(seq 1 "$nodes"); do
  servers+="  server node-$i 127.0.0.1:${node_ports[$((i - 1))]} check inter 1s fall 2 rise 1"$'\n'
done

# No log lines: HAProxy would otherwise record client addresses (DESIGN.md rule 2).
# Each proxied connection takes two descriptors; stay inside this machine's hard limit.
maxconn=$(( $(ulimit -Hn) / 2 - 200 ))
cat >"$dir/haproxy.cfg" <<CFG
global
  maxconn $maxconn
  # deploy/rolling-restart.sh asks here whether a node is UP again.
  stats socket $dir/haproxy.sock mode 600 level admin

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout client-fin 10s
  timeout server-fin 10s
  timeout http-request 10s
  # An upgrade refused by a draining node (503) is tried on another (packaging/haproxy/).
  option redispatch 1
  retries 2
  retry-on conn-failure empty-response 503

frontend ibasho
  bind 127.0.0.1:$port
  http-request disable-l7-retry unless METH_GET
  default_backend nodes

backend nodes
  balance leastconn
  option httpchk GET /readyz
  http-check expect status 200
$servers
CFG
haproxy -W -db -f "$dir/haproxy.cfg" 2>"$dir/haproxy.log" &
haproxy_pid=$!
pids+=("$haproxy_pid")

for _ in $(seq 1 150); do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || give_up "a cluster process stopped during start-up"
  done
  ready=0
  for p in "${node_ports[@]}"; do
    if curl -fs --max-time 1 "http://127.0.0.1:$p/readyz" >/dev/null 2>&1; then
      ready=$((ready + 1))
    fi
  done
  if [[ "$ready" == "$nodes" ]] &&
     curl -fs --max-time 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    cat >"$dir/cluster.env" <<ENV
# Written by deploy/cluster.sh for deploy/rolling-restart.sh.
nodes=$nodes
front_port=$port
haproxy_socket=$dir/haproxy.sock
haproxy_backend=nodes
haproxy_pid=$haproxy_pid
cluster_pid=$$
ENV
    echo "cluster ready: http://127.0.0.1:$port ($nodes nodes on ports ${node_ports[*]}, Redis on $redis_port)"
    # Watch by polling: restarted nodes are not this shell's children. A node may be down
    # while deploy/rolling-restart.sh restarts it (it says so with node-I.restarting).
    for (( ; ; )); do
      pid_alive "$haproxy_pid" || {
        echo "cluster: HAProxy ended by itself; stopping the rest" >&2
        show_logs
        exit 1
      }
      for i in $(seq 1 "$nodes"); do
        if ! pid_alive "$(node_pid "$dir" "$i")" && [[ ! -e "$dir/nodes/node-$i.restarting" ]]; then
          echo "cluster: node-$i ended by itself; stopping the rest" >&2
          show_logs
          exit 1
        fi
      done
      # In the background, so a signal is handled at once rather than after the sleep.
      sleep 0.5 &
      wait $! || true
    done
  fi
  sleep 0.2
done
give_up "the cluster did not become ready within 30 s ($ready of $nodes nodes ready)"

#!/usr/bin/env bash
# Restarts every node of a running deployment one at a time, so people keep talking: put it
# in DRAIN on HAProxy's admin socket (no new connections), SIGTERM (the node drains too:
# /readyz 503 for drain_time, then its clients get close 1001 and resume on the other nodes),
# wait until it has exited, start it again, wait for its /readyz 200, set it READY on HAProxy
# and wait until HAProxy's checks see it UP, then the next node.
#
# Usage:
#   deploy/rolling-restart.sh --dir D
#       the nodes deploy/cluster.sh --dir D runs (it records each node's command line)
#   deploy/rolling-restart.sh --systemd --node 1=127.0.0.1:8081 --node 2=127.0.0.1:8082 \
#                             [--haproxy-socket /run/haproxy/admin.sock] [--backend ibasho_nodes]
#       systemd instances ibasho@1, ibasho@2 (`systemctl restart`); HAProxy server names are
#       node-1, node-2 as in packaging/haproxy/ibasho.cfg (--server-prefix to change "node-")
# Options: --timeout S  longest wait for each step (exit, ready, UP) [120]
#          --settle S   pause after a node is UP before the next one [1]
#
# Refuses (exit 1, one line saying why) before touching anything when a node is not ready or
# not UP in HAProxy, and before each node when another one is not: it never leaves fewer than
# N-1 nodes serving. A node that does not come back stops the run there (exit 1). Exit 2 for
# bad usage. Needs curl, and socat or python3 for HAProxy's socket.
set -euo pipefail
caller_dir=$(pwd -P)
cd "$(dirname "$0")/.."
# shellcheck source=deploy/lib/nodes.sh
source deploy/lib/nodes.sh

say() { echo "rolling-restart: $*"; }
refuse() {
  echo "rolling-restart: refused: $*" >&2
  exit 1
}
usage() {
  echo "rolling-restart: $*" >&2
  exit 2
}

dir=""
systemd=0
specs=()
socket=""
backend=""
prefix="node-"
timeout=120
settle=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --systemd) systemd=1; shift ;;
    --node) specs+=("$2"); shift 2 ;;
    --haproxy-socket) socket="$2"; shift 2 ;;
    --backend) backend="$2"; shift 2 ;;
    --server-prefix) prefix="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage "unknown option: $1 (see --help)" ;;
  esac
done
[[ "$timeout" =~ ^[0-9]+$ && "$timeout" -gt 0 ]] || usage "--timeout takes whole seconds"
[[ "$settle" =~ ^[0-9]+([.][0-9]+)?$ ]] || usage "--settle takes seconds"

# names[k]: HAProxy server name; urls[k]: http://HOST:PORT of the node; ids[k]: the instance
# (systemd) or node number (cluster).
names=()
urls=()
ids=()
if [[ "$systemd" == 1 ]]; then
  [[ -z "$dir" ]] || usage "--dir and --systemd do not go together"
  [[ ${#specs[@]} -gt 0 ]] || usage "--systemd needs --node INSTANCE=HOST:PORT for every node"
  socket=${socket:-/run/haproxy/admin.sock}
  backend=${backend:-ibasho_nodes}
  for spec in "${specs[@]}"; do
    [[ "$spec" =~ ^([A-Za-z0-9_.-]+)=([^=]+:[0-9]+)$ ]] ||
      usage "--node '$spec' is not INSTANCE=HOST:PORT"
    ids+=("${BASH_REMATCH[1]}")
    urls+=("http://${BASH_REMATCH[2]}")
    names+=("$prefix${BASH_REMATCH[1]}")
  done
  command -v systemctl >/dev/null || refuse "systemctl is not here (--systemd needs systemd)"
else
  [[ -n "$dir" ]] || usage "give --dir D (deploy/cluster.sh --dir D) or --systemd --node ..."
  [[ ${#specs[@]} -eq 0 ]] || usage "--node is for --systemd; with --dir the nodes are recorded"
  [[ "$dir" == /* ]] || dir="$caller_dir/$dir"
  [[ -f "$dir/cluster.env" ]] ||
    refuse "$dir/cluster.env is missing: no cluster started by deploy/cluster.sh is ready there"
  nodes="" cluster_pid="" haproxy_socket="" haproxy_backend=""
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
  [[ "$nodes" =~ ^[0-9]+$ && -n "$cluster_pid" ]] || refuse "$dir/cluster.env is incomplete"
  pid_alive "$cluster_pid" || refuse "deploy/cluster.sh (pid $cluster_pid) is not running"
  socket=${socket:-$haproxy_socket}
  backend=${backend:-$haproxy_backend}
  for i in $(seq 1 "$nodes"); do
    [[ -f "$dir/nodes/node-$i.cmd" && -f "$dir/nodes/node-$i.port" ]] ||
      refuse "node-$i has no recorded command or port in $dir/nodes"
    ids+=("$i")
    urls+=("http://127.0.0.1:$(cat "$dir/nodes/node-$i.port")")
    names+=("node-$i")
  done
fi
[[ -S "$socket" ]] || refuse "HAProxy's admin socket $socket is not there"
if ! command -v socat >/dev/null && ! command -v python3 >/dev/null; then
  refuse "neither socat nor python3 is installed: HAProxy's socket cannot be asked"
fi

# One command to HAProxy's admin socket; its answer on stdout.
haproxy_cmd() {
  if command -v socat >/dev/null; then
    printf '%s\n' "$1" | socat -t 2 - "UNIX-CONNECT:$socket"
  else
    python3 - "$socket" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
out = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    out += chunk
sys.stdout.write(out.decode(errors="replace"))
PY
  fi
}

# HAProxy's view of server NAME in the backend: UP, DOWN, "DOWN 1/2" (going up), MAINT...
haproxy_status() {
  haproxy_cmd "show stat" 2>/dev/null |
    awk -F, -v b="$backend" -v s="$1" '$1 == b && $2 == s { print $18; found = 1 }
                                        END { if (!found) print "MISSING" }' || echo "UNREACHABLE"
}

serving() {  # k: ready and UP
  [[ "$(http_status "${urls[$1]}/readyz")" == 200 && "$(haproxy_status "${names[$1]}")" == UP ]]
}

describe() {  # k
  echo "${names[$1]} (readyz $(http_status "${urls[$1]}/readyz"), haproxy $(haproxy_status "${names[$1]}"))"
}

# Polls CHECK (a command) every 0.2 s until it succeeds (0), gives up (2), or S seconds pass.
wait_for() {
  local s=$1 rc
  shift
  local deadline=$((SECONDS + s))
  for (( ; ; )); do
    rc=0
    "$@" || rc=$?
    [[ "$rc" == 0 ]] && return 0
    [[ "$rc" == 2 ]] && return 1
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

count=${#names[@]}
for k in $(seq 0 $((count - 1))); do
  [[ "$(haproxy_status "${names[$k]}")" != MISSING ]] ||
    refuse "HAProxy's backend '$backend' has no server '${names[$k]}'"
  serving "$k" || refuse "$(describe "$k") is not serving; fix it first (nothing was restarted)"
done

# One rolling restart at a time per deployment.
lock=${dir:-/run/lock}/ibasho-rolling-restart.lock
exec 9>"$lock" || refuse "cannot open the lock file $lock"
flock -n 9 || refuse "another rolling restart holds $lock"

# A Ctrl-C must not leave a node stopped: the node in hand is finished first.
interrupted=0
trap 'interrupted=1' INT TERM

started_all=$SECONDS
for k in $(seq 0 $((count - 1))); do
  name=${names[$k]}
  for j in $(seq 0 $((count - 1))); do
    [[ "$j" == "$k" ]] && continue
    serving "$j" ||
      refuse "$(describe "$j") is not serving; stopping $name now would leave fewer than $((count - 1)) of $count nodes serving"
  done
  t0=$SECONDS
  # HAProxy stops choosing the node now, whatever the timing of its health checks (on a busy
  # host they can lag behind drain_time); the node's connections stay until it closes them.
  answer=$(haproxy_cmd "set server $backend/$name state drain" 2>&1) ||
    refuse "HAProxy did not take '$name' into drain: $answer"
  [[ -z "${answer//[[:space:]]/}" ]] || refuse "HAProxy did not take '$name' into drain: $answer"
  if [[ "$systemd" == 1 ]]; then
    say "$name: systemctl restart ibasho@${ids[$k]} (drains first)"
    systemctl restart "ibasho@${ids[$k]}.service" ||
      refuse "systemctl restart ibasho@${ids[$k]} failed; see journalctl -u ibasho@${ids[$k]}"
  else
    i=${ids[$k]}
    old=$(node_pid "$dir" "$i")
    pid_alive "$old" || refuse "$name: its recorded pid '$old' is not running"
    touch "$dir/nodes/node-$i.restarting"
    say "$name: SIGTERM to pid $old (drains first)"
    kill -TERM "$old"
    gone() { ! pid_alive "$old"; }
    wait_for "$timeout" gone ||
      refuse "$name (pid $old) has not exited ${timeout} s after SIGTERM; it is left running"
    node_start "$dir" "$i"
    say "$name: started again as pid $(node_pid "$dir" "$i")"
  fi
  ready() {
    if [[ "$systemd" == 0 ]] && ! pid_alive "$(node_pid "$dir" "$i")"; then
      return 2
    fi
    [[ "$(http_status "${urls[$k]}/readyz")" == 200 ]]
  }
  if ! wait_for "$timeout" ready; then
    if [[ "$systemd" == 0 ]] && ! pid_alive "$(node_pid "$dir" "$i")"; then
      refuse "$name exited while starting again; see $dir/node-$i.log (the other nodes are untouched)"
    fi
    refuse "$name is not ready ${timeout} s after starting again: $(describe "$k")"
  fi
  [[ "$systemd" == 0 ]] && rm -f "$dir/nodes/node-$i.restarting"
  answer=$(haproxy_cmd "set server $backend/$name state ready" 2>&1) ||
    refuse "HAProxy did not take '$name' out of drain: $answer"
  up() { [[ "$(haproxy_status "$name")" == UP ]]; }
  wait_for "$timeout" up || refuse "HAProxy does not see $name UP ${timeout} s after it is ready"
  say "$name: ready and UP in HAProxy after $((SECONDS - t0)) s"
  sleep "$settle"
  if [[ "$interrupted" == 1 && "$k" -lt $((count - 1)) ]]; then
    echo "rolling-restart: interrupted after $name; the nodes after it were not restarted" >&2
    exit 1
  fi
done
say "done: $count nodes restarted one at a time in $((SECONDS - started_all)) s"

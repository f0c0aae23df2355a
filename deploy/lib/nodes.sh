# shellcheck shell=bash
# Sourced by deploy/cluster.sh and deploy/rolling-restart.sh: how a node of a local cluster is
# recorded and started, so that a node stopped for a restart comes back exactly as it was.
# A cluster's state dir holds, per node: nodes/node-I.cmd (a bash script that execs the
# server with its full command line), nodes/node-I.pid, nodes/node-I.port, and, while a
# rolling restart has it down on purpose, nodes/node-I.restarting.

# Writes node I's command file: cd into DIR_TO_RUN_IN, exec ARGS..., stderr appended to LOG.
node_write_cmd() {
  local state=$1 i=$2 cwd=$3 log=$4
  shift 4
  {
    echo "# ibasho node-$i, written by deploy/cluster.sh; started by deploy/lib/nodes.sh"
    printf 'cd %q || exit 1\n' "$cwd"
    printf 'exec'
    printf ' %q' "$@"
    printf ' 2>>%q\n' "$log"
  } >"$state/nodes/node-$i.cmd.tmp"
  mv "$state/nodes/node-$i.cmd.tmp" "$state/nodes/node-$i.cmd"
}

# Starts node I from its command file, in a session of its own (a Ctrl-C meant for the script
# that started it does not reach it), and records its pid. The pid is the server's own: bash
# execs into it.
node_start() {
  local state=$1 i=$2
  setsid bash "$state/nodes/node-$i.cmd" </dev/null >/dev/null 2>&1 &
  echo "$!" >"$state/nodes/node-$i.pid.tmp"
  mv "$state/nodes/node-$i.pid.tmp" "$state/nodes/node-$i.pid"
}

node_pid() {
  cat "$1/nodes/node-$2.pid" 2>/dev/null || true
}

# Whether PID is a live process (a zombie that nobody has reaped yet counts as gone).
pid_alive() {
  local pid=$1 stat
  [[ -n "$pid" ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ "${stat%% *}" != Z ]]
}

# The HTTP status of GET URL (000 when nothing answers).
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true
}

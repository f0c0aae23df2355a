#!/usr/bin/env bash
# What one published message costs Redis: CPU from INFO commandstats, memory and keys per room.
# Starts a throw-away redis-server, drives RedisBroker::publish alone through
# ibasho-redis-publish-bench (no sockets, no sessions), and prints one line per scenario.
# Usage: tests/bench/redis-publish.sh [BUILD_DIR] [-- extra bench options]
#   MESSAGES (default 20000) and ROOMS (default 10) set the size; WINDOWS (default "1 10 40")
#   the publishes kept in flight at once (1 = no two messages can share a script call).
#   BENCH=path runs another build of the driver (e.g. one of an older commit, to compare).
# Redis's usec_per_call is wall time inside the command, so on a loaded machine it rises: run
# it nice'd, twice, and compare runs made the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
bench="${BENCH:-$build/tests/bench/redis_publish/ibasho-redis-publish-bench}"
[[ -x "$bench" ]] || { echo "build first: $bench missing" >&2; exit 1; }
messages="${MESSAGES:-20000}"
rooms="${ROOMS:-10}"
windows="${WINDOWS:-1 10 40}"

dir=$(mktemp -d /tmp/ibasho-redis-publish.XXXXXX)
port=$(deploy/free-port.sh)
deploy/redis-local.sh "$port" "$dir" --ephemeral >/dev/null
cleanup() {
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
cli() { redis-cli -p "$port" "$@"; }
stat() { cli INFO "$1" | tr -d '\r' | sed -n "s/^$2://p"; }

cpu() { cli INFO cpu | tr -d '\r' | awk -F: '/^used_cpu_(sys|user)_main_thread:/ { s += $2 }
  END { printf "%.6f", s }'; }
# script_calls: EVALSHA/FCALL calls; us_per_call: their usec_per_call (wall time inside Redis);
# us_per_msg: the scripts' usec over messages sequenced; cpu_us/msg: the Redis main thread's
# CPU time (user + sys, INFO cpu) over messages — everything Redis did for them, network too;
# calls/msg: commands run inside the scripts per message; bytes/msg: used_memory growth per
# message; room_bytes: MEMORY USAGE of room-0's keys at the end.
printf '%-7s %-6s %-12s %-11s %-10s %-11s %-9s %-9s %-10s %s\n' window fresh script_calls \
  us_per_call us_per_msg cpu_us/msg calls/msg keys/room bytes/msg room_bytes
for w in $windows; do
  cli FLUSHALL >/dev/null
  cli CONFIG RESETSTAT >/dev/null
  mem0=$(stat memory used_memory)
  cpu0=$(cpu)
  out=$(nice "$bench" --port "$port" --rooms "$rooms" --messages "$messages" --window "$w" \
    --prefix "bench:" "${@:2}" 2>/dev/null)
  fresh=$(sed -n 's/.*"fresh":\([0-9]*\).*/\1/p' <<<"$out")
  mem1=$(stat memory used_memory)
  cpu1=$(cpu)
  stats=$(cli INFO commandstats | tr -d '\r' | grep '^cmdstat_')
  # The scripts' own cost (evalsha/eval/fcall) includes every command they call.
  read -r script_calls script_usec < <(awk -F'[:,=]' '
    /^cmdstat_(evalsha|eval|fcall)[:]/ { c += $3; u += $5 } END { print c + 0, u + 0 }' <<<"$stats")
  inner=$(awk -F'[:,=]' '!/^cmdstat_(evalsha|eval|fcall|flushall|config|info|dbsize|scan|memory)/ \
    { c += $3 } END { print c + 0 }' <<<"$stats")
  keys=$(cli DBSIZE)
  room_bytes=0
  for k in $(cli --scan --pattern 'bench:{room-0}*'); do
    room_bytes=$(( room_bytes + $(cli MEMORY USAGE "$k" SAMPLES 0) ))
  done
  awk -v w="$w" -v f="$fresh" -v sc="$script_calls" -v su="$script_usec" -v inner="$inner" \
      -v keys="$keys" -v rooms="$rooms" -v m0="$mem0" -v m1="$mem1" -v rb="$room_bytes" -v c0="$cpu0" -v c1="$cpu1" 'BEGIN {
    printf "%-7d %-6d %-12d %-11.2f %-10.2f %-11.2f %-9.2f %-9.1f %-10.1f %d\n", w, f, sc,
      su / sc, su / f, (c1 - c0) * 1e6 / f, inner / f, keys / rooms, (m1 - m0) / f, rb }'
  [[ -n "${VERBOSE:-}" ]] && echo "$stats"
done

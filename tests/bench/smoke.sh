#!/usr/bin/env bash
# bench_smoke: starts a server on a free port with a generated benchmark rooms file and runs the
# load generator for about three seconds with 20 connections. Passes only if every message
# reached every member of its room exactly once, in order, with no errors (the generator's
# --check), and the server's own count of published messages equals what the generator sent.
# Usage: smoke.sh SERVER LOADGEN [extra loadgen options]
set -euo pipefail
server=$1
loadgen=$2
shift 2

dir=$(mktemp -d /tmp/ibasho-bench-smoke.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

"$loadgen" --write-rooms "$dir/rooms.json" 4
# Port 0: the kernel picks a free port and the server names it in its "started" line.
"$server" --listen 127.0.0.1:0 --threads 2 --rooms "$dir/rooms.json" --static "$dir" \
  --log-level info 2>"$dir/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(grep -o 'event=started.*http_port=[0-9]*' "$dir/server.log" 2>/dev/null |
         grep -o 'http_port=[0-9]*' | cut -d= -f2 || true)
  [[ -n "$port" ]] && break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  echo "bench_smoke: the server did not start:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi

status=0
"$loadgen" --url "ws://127.0.0.1:$port/ws" --connections 20 --members 5 --rate 100 \
  --duration 3 --warmup 0 --drain 5 --pid "$server_pid" --label bench_smoke --check "$@" \
  >"$dir/result.txt" || status=$?
# The summary for people; the JSON line is for scripts.
sed '$d' "$dir/result.txt"
if [[ $status -ne 0 ]]; then
  echo "bench_smoke: the load generator's check failed (exit $status)" >&2
  exit 1
fi

# An independent count: what the server says it sequenced must be what the generator sent.
sent=$(tail -n 1 "$dir/result.txt" | grep -o '"sent_total":[0-9]*' | cut -d: -f2)
published=$(curl -fsS "http://127.0.0.1:$port/metrics" |
            awk '$1 == "ibasho_published_total" {print $2}')
if [[ -z "$sent" || "$sent" != "$published" ]]; then
  echo "bench_smoke: generator sent '$sent' messages, server published '$published'" >&2
  exit 1
fi
echo "bench_smoke: $sent messages, each delivered once to each of 5 members; server agrees"

#!/usr/bin/env bash
# Starts a project-local redis-server: own port, loopback only, data in DIR.
# Usage: deploy/redis-local.sh PORT DIR [--aof|--ephemeral]   Prints the server's pid.
# --aof (the default) is the durable Store's role: AOF, fsync every second. --ephemeral is the
# other role (history, presence, sessions, anything with message text): no AOF, no RDB, so
# DIR only ever holds the pid file and the log (docs/privacy.md, "Which Redis holds what").
# DIR may be relative (to the current directory): every path handed to Redis is made
# absolute first, because redis-server changes into --dir while it still reads the paths
# that follow it (a relative --logfile would then be looked up inside DIR/DIR).
set -euo pipefail
port="$1"
mode="${3:---aof}"
mkdir -p "$2"
dir=$(cd "$2" && pwd -P)
persist=(--appendonly yes --appendfsync everysec --save "")
if [[ "$mode" == "--ephemeral" ]]; then
  persist=(--appendonly no --save "")
fi
rm -f "$dir/redis.pid"
if ! redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
  "${persist[@]}" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
  --loglevel warning; then
  echo "redis-server refused to start on port $port; see $dir/redis.log" >&2
  exit 1
fi
for _ in $(seq 1 50); do
  if [[ -s "$dir/redis.pid" ]] && redis-cli -p "$port" ping >/dev/null 2>&1; then
    cat "$dir/redis.pid"
    exit 0
  fi
  sleep 0.1
done
echo "redis-server did not start on port $port; see $dir/redis.log" >&2
tail -n 5 "$dir/redis.log" >&2 2>/dev/null || true
exit 1

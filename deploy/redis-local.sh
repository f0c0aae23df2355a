#!/usr/bin/env bash
# Starts a project-local redis-server: own port, loopback only, data in DIR.
# Usage: deploy/redis-local.sh PORT DIR [--aof|--ephemeral]   Prints the server's pid.
set -euo pipefail
port="$1"
dir="$2"
mode="${3:---aof}"
mkdir -p "$dir"
persist=(--appendonly yes --appendfsync everysec --save "")
if [[ "$mode" == "--ephemeral" ]]; then
  persist=(--appendonly no --save "")
fi
redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --dir "$dir" \
  "${persist[@]}" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
  --loglevel warning
for _ in $(seq 1 50); do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    cat "$dir/redis.pid"
    exit 0
  fi
  sleep 0.1
done
echo "redis-server did not start on port $port; see $dir/redis.log" >&2
exit 1

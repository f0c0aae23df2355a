#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that nothing listens on (from the ephemeral range).
set -euo pipefail
for _ in $(seq 1 200); do
  port=$(( 20000 + RANDOM % 30000 ))
  if ! ss -ltnH "sport = :$port" 2>/dev/null | grep -q .; then
    echo "$port"
    exit 0
  fi
done
echo "no free port found" >&2
exit 1

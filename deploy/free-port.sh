#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that no socket uses, listening or connected. It is taken
# below the kernel's ephemeral range, where outgoing connections cannot claim it meanwhile.
set -euo pipefail
read -r low _ < /proc/sys/net/ipv4/ip_local_port_range
top=$(( low > 20000 ? low - 1 : 32767 ))
for _ in $(seq 1 200); do
  port=$(( 20000 + RANDOM % (top - 20000) ))
  if ! ss -tanH "( sport = :$port or dport = :$port )" 2>/dev/null | grep -q .; then
    echo "$port"
    exit 0
  fi
done
echo "no free port found" >&2
exit 1

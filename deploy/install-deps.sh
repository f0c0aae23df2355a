#!/usr/bin/env bash
# Installs what ibasho needs from Debian 12 (bookworm), and nothing that is already there.
# Safe to run again and again: when every package is present it only checks and exits.
# Usage: deploy/install-deps.sh [--browser]   (--browser adds Node.js, npm and Chromium)
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config make
  clang libclang-rt-14-dev
  libboost1.81-dev libssl-dev openssl libhiredis-dev nlohmann-json3-dev catch2 libicu-dev libsodium-dev
  redis-server redis-tools redis-sentinel haproxy curl ca-certificates procps iproute2 jq gnuplot-nox
  python3 python3-icalendar
  systemd dpkg-dev lintian
)
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium fonts-noto-cjk)
  # A machine may already carry a newer Node.js from elsewhere; Debian's is enough for us.
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

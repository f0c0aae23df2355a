#!/usr/bin/env bash
# Makes a self-signed ECDSA P-256 certificate for local development, if none exists yet.
# Usage: deploy/dev-cert.sh [DIR]   (default: var/tls)
set -euo pipefail
dir="${1:-var/tls}"
mkdir -p "$dir"
if [[ -s "$dir/cert.pem" && -s "$dir/key.pem" ]]; then
  exit 0
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -addext "keyUsage=digitalSignature" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
chmod 600 "$dir/key.pem"
echo "dev certificate written to $dir (self-signed: your browser will ask you to accept it)"

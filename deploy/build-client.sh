#!/usr/bin/env bash
# Builds the web client into client-web/dist (served with --static client-web/dist).
# Idempotent: installs Node.js, npm, Chromium and the CJK fonts from Debian only when missing,
# runs `npm ci` only when node_modules is missing or older than the lockfile, then builds.
# Usage: deploy/build-client.sh
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh --browser

cd client-web
stamp=node_modules/.package-lock.json   # npm writes this on every install
if [[ ! -d node_modules || ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  # --ignore-scripts: nothing in our tree needs an install script (esbuild finds its binary
  # through its optional platform package), and newer npm refuses unapproved scripts anyway.
  npm ci --no-audit --no-fund --ignore-scripts
fi
npm run --silent build

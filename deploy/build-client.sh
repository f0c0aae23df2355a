#!/usr/bin/env bash
# Builds the web client into client-web/dist (served with --static client-web/dist).
# Idempotent: installs Node.js, npm, Chromium and the CJK fonts from Debian only when missing,
# runs `npm ci` only when node_modules is missing or older than the lockfile, and builds only
# when dist/ is missing or older than a source (a rebuild empties dist/ first, which would pull
# files from under a server that is serving them).
# Usage: deploy/build-client.sh [--force]
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
built=dist/index.html
if [[ "${1:-}" != "--force" && -f "$built" ]] &&
   [[ -z "$(find src public build.mjs tsconfig.json package.json package-lock.json \
            -newer "$built" -print -quit)" ]]; then
  exit 0
fi
npm run --silent build

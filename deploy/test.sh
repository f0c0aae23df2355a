#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, starts a throw-away Redis on a free port,
# runs the whole suite through CTest, stops Redis, and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy/install-deps.sh
deploy/build.sh
deploy/build-client.sh

redis_dir=$(mktemp -d /tmp/ibasho-test-redis.XXXXXX)
redis_port=$(deploy/free-port.sh)
deploy/redis-local.sh "$redis_port" "$redis_dir" --ephemeral >/dev/null
cleanup() {
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$redis_dir"
}
trap cleanup EXIT
export IBASHO_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"

started=$(date +%s)
status=0
(cd build && ctest --output-on-failure --timeout 300 -j "${TEST_JOBS:-2}" "$@") || status=$?
echo "test suite time: $(( $(date +%s) - started )) s"
exit "$status"

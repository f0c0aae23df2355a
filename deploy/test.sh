#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, starts a throw-away Redis on a free port,
# runs the whole suite through CTest, stops Redis, and exits non-zero on any failure. Then it
# builds the fuzz targets with clang into build-fuzz/ and runs each for a few seconds over its
# seed corpus (tests/fuzz/, CTest label "fuzz"): skipped when extra CTest arguments select part
# of the suite, unless FUZZ=1; FUZZ=0 skips it always; FUZZ_SECONDS sets the time per target.
# BUILD_DIR picks the build tree (tests/sanitize.sh runs the suite in build-sanitize/).
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
(cd "${BUILD_DIR:-build}" && ctest --output-on-failure --timeout 300 -j "${TEST_JOBS:-2}" "$@") || status=$?
echo "test suite time: $(( $(date +%s) - started )) s"

fuzz="${FUZZ:-}"
if [[ -z "$fuzz" ]]; then
  fuzz=$([[ $# -eq 0 ]] && echo 1 || echo 0)
fi
if [[ "$fuzz" == 1 ]]; then
  started=$(date +%s)
  fuzz_status=0
  tests/fuzz/build.sh || fuzz_status=$?
  if [[ $fuzz_status -eq 0 ]]; then
    (cd "${FUZZ_BUILD_DIR:-build-fuzz}" &&
      cmake -DIBASHO_FUZZ_SECONDS="${FUZZ_SECONDS:-5}" . >/dev/null &&
      ctest --output-on-failure -L fuzz -j "${TEST_JOBS:-2}") || status=1
  elif [[ $fuzz_status -eq 3 ]]; then
    echo "fuzz targets skipped: no clang with libFuzzer"
  else
    status=1
  fi
  echo "fuzz time (build and run): $(( $(date +%s) - started )) s"
fi
exit "$status"

#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer and UndefinedBehaviorSanitizer
# (-DIBASHO_SANITIZE=ON, g++) into build-sanitize/ and runs the whole suite there, as
# deploy/test.sh does (throw-away Redis, CTest). Any report fails the test that caused it:
# UBSan aborts, ASan stops at the first error, LeakSanitizer fails a process that leaks.
# Slow: a cold build is the project's build again, and the suite takes about twice as long.
# docs/testing.md says when to run it. Extra arguments go to CTest, e.g. tests/sanitize.sh -L unit
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD_DIR="${BUILD_DIR:-build-sanitize}"
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIBASHO_SANITIZE=ON >/dev/null
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
FUZZ=0 exec deploy/test.sh "$@"

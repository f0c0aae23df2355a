#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a long time, one after the other, with
# ASan+UBSan, starting from the committed seeds plus what earlier runs found (build-fuzz/
# tests/fuzz/work/<target>/, kept between runs). Prints each target's executions per second.
# A crash stops that target and leaves its input in build-fuzz/tests/fuzz/artifacts/.
# Usage: tests/fuzz/run.sh [seconds per target, default 3600] [target ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-3600}"
shift || true
tests/fuzz/build.sh
bin="${FUZZ_BUILD_DIR:-build-fuzz}/tests/fuzz"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(fuzz_frame_parser fuzz_http_head fuzz_protocol_decode fuzz_nick_shield fuzz_config
           fuzz_rooms)
fi
mkdir -p "$bin/artifacts" "$bin/logs"
status=0
for t in "${targets[@]}"; do
  mkdir -p "$bin/work/$t"
  dict=()
  if [[ -f "tests/fuzz/$t.dict" ]]; then
    dict=(-dict="tests/fuzz/$t.dict")
  fi
  log="$bin/logs/$t.log"
  echo "== $t: $seconds s (log: $log)"
  rc=0
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$bin/artifacts/$t-" "${dict[@]}" "$bin/work/$t" "tests/fuzz/corpus/$t" \
    >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [[ $rc -ne 0 ]]; then
    status=1
    echo "   FAILED (exit $rc); the input is in $bin/artifacts/, the report at the end of $log"
  fi
  echo "   ${execs:-?} executions, ${rate:-?} exec/s, $cov"
done
exit "$status"

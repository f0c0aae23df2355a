#!/usr/bin/env bash
# Configures (once) and builds the fuzz targets into build-fuzz/ with clang, libFuzzer and
# ASan+UBSan. Only the libraries the targets link are compiled, never the whole server.
# Exits 3 when clang or libFuzzer is missing (deploy/install-deps.sh installs both).
# Usage: tests/fuzz/build.sh   (env FUZZ_BUILD_DIR, BUILD_JOBS override)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
cxx="${FUZZ_CXX:-clang++}"
if ! command -v "$cxx" >/dev/null 2>&1 ||
   [[ ! -f "$("$cxx" --print-file-name=libclang_rt.fuzzer-x86_64.a)" ]]; then
  echo "fuzz: $cxx with libFuzzer not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 3
fi
if [[ ! -f "$build_dir/build.ninja" ]]; then
  # Release: the targets run at the speed the server does; -gline-tables-only (set by
  # IBASHO_FUZZ) keeps the sanitizers' stack traces readable.
  CXX="$cxx" cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DIBASHO_FUZZ=ON \
    -DIBASHO_TESTS=OFF -DIBASHO_BENCH=OFF >/dev/null
fi
ninja -C "$build_dir" -j "${BUILD_JOBS:-2}" fuzz

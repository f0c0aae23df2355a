#!/usr/bin/env bash
# Configures (once) and builds ibasho into build/ with Ninja and ccache.
# Usage: deploy/build.sh [extra cmake -D options]   (env BUILD_DIR, BUILD_TYPE override)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build}"
build_type="${BUILD_TYPE:-Release}"
if [[ ! -f "$build_dir/build.ninja" ]] || [[ $# -gt 0 ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
fi
# Two jobs: each Beast translation unit needs about 1 GiB and a core of its own.
jobs="${BUILD_JOBS:-$(nproc)}"
ninja -C "$build_dir" -j "$jobs"

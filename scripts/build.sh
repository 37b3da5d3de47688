#!/usr/bin/env bash
# Configures (first time only) and builds Eddy in build/ (or $EDDY_BUILD_DIR)
# with Ninja, Release, at most $EDDY_JOBS (default 2) parallel jobs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EDDY_BUILD_DIR:-$root/build}
jobs=${EDDY_JOBS:-2}

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  # A fresh Debian has no cc/c++: build with the LLVM 19 compilers, which are
  # also what the plugin is loaded into.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang \
    -DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++
fi
cmake --build "$build" -j "$jobs"

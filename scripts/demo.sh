#!/usr/bin/env bash
# README command 1: install dependencies, build Eddy, then compile and run the
# main demo (examples/mlp_train.c) with the Eddy plugin.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EDDY_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

cd "$root"
echo "+ /usr/lib/llvm-19/bin/clang -O2 -fplugin=$build/lib/EddyClang.so -Iinclude examples/mlp_train.c -o $build/mlp_train -lm"
/usr/lib/llvm-19/bin/clang -O2 -fplugin="$build/lib/EddyClang.so" -Iinclude \
  examples/mlp_train.c -o "$build/mlp_train" -lm
"$build/mlp_train"

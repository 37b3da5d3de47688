#!/usr/bin/env bash
# bench/compile/smoke.sh — the compile-time benchmark's shapes at small sizes,
# each compiled with a forward and a reverse request at -O0 and -O2, run, and
# its derivative checked against central finite differences (gen.py --main).
# Checks numbers, not times; the timing run is bench/compile/run.py.
#
# Environment: EDDY_BUILD_DIR (default <repo>/build), EDDY_CC (clang-19),
# EDDY_SMOKE_DIR (scratch directory; default a fresh temporary one).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${EDDY_BUILD_DIR:-$ROOT/build}
CC=${EDDY_CC:-clang-19}
DIR=${EDDY_SMOKE_DIR:-$(mktemp -d)}
mkdir -p "$DIR"

failed=0 count=0
check() { # shape size
  for mode in fwd rev; do
    python3 "$HERE/gen.py" --shape "$1" --size "$2" --mode "$mode" --main > "$DIR/$1-$mode.c"
    for level in 0 2; do
      exe="$DIR/$1-$mode-O$level"
      count=$((count + 1))
      if ! "$CC" -O$level -fplugin="$BUILD/lib/EddyClang.so" -I"$ROOT/include" \
             "$DIR/$1-$mode.c" -o "$exe" -lm; then
        echo "FAIL compile $1 size $2 $mode -O$level"; failed=1; continue
      fi
      if ! out=$("$exe"); then
        echo "FAIL $1 size $2 $mode -O$level: $out"; failed=1
      fi
    done
  done
}
check straight 2000
check loop 1000
check switch 400
check nest8 400
check chain 1000
check kinetics 2000
check kinetics-loop 2000
if [ $failed = 0 ]; then
  echo "compile smoke: $count programs, all derivatives checked"
else
  exit 1
fi

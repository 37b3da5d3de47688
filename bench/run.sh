#!/usr/bin/env bash
# bench/run.sh — rebuild Eddy's benchmark suite and rerun it.
#
#   bench/run.sh            full run: bench/results.md, bench/results.png
#   bench/run.sh --smoke    every kernel at a tiny size, correctness checks only
#                           (a few seconds; exit status 1 if any check fails)
#   extra options are passed to every benchmark: --reps N, --min-time S,
#   --max-method-time S (see docs/benchmarks.md)
#
# Environment: EDDY_BUILD_DIR (default: <repo>/build, must hold a built Eddy),
# EDDY_BENCH_BUILD (default: bench/build), EDDY_BENCH_CXX (default: clang++-19;
# the test suite passes its own when Eddy is built with ASan).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
EDDY_BUILD=${EDDY_BUILD_DIR:-$ROOT/build}
BUILD=${EDDY_BENCH_BUILD:-$HERE/build}
CXX=${EDDY_BENCH_CXX:-/usr/lib/llvm-19/bin/clang++}
KERNELS="gmm lstm ba mlp heat curve"

SMOKE=0
ARGS=()
for a in "$@"; do
  if [ "$a" = --smoke ]; then SMOKE=1; else ARGS+=("$a"); fi
done

# Dependencies from Debian (ADOL-C; gnuplot for the plot).
need=()
[ -f /usr/include/adolc/adolc.h ] || need+=(libadolc-dev)
[ "$SMOKE" = 1 ] || command -v gnuplot >/dev/null || need+=(gnuplot-nox)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get install -y "${need[@]}" >/dev/null
fi
if [ ! -f "$EDDY_BUILD/lib/EddyClang.so" ]; then
  echo "no Eddy build in $EDDY_BUILD (run scripts/demo.sh or set EDDY_BUILD_DIR)" >&2
  exit 2
fi

cmake -S "$HERE" -B "$BUILD" -DCMAKE_CXX_COMPILER="$CXX" \
  -DEDDY_BUILD_DIR="$EDDY_BUILD" >/dev/null
nice cmake --build "$BUILD" -j2 >/dev/null

if [ "$SMOKE" = 1 ]; then
  mkdir -p "$BUILD/data-smoke"
  "$BUILD/bench_gen" "$BUILD/data-smoke" --smoke
  fail=0
  for k in $KERNELS; do
    (cd "$BUILD" && "./bench_$k" --smoke --data data-smoke "${ARGS[@]}") || fail=1
  done
  [ $fail = 0 ] && echo "bench smoke: all derivatives checked" || echo "bench smoke: FAILED"
  exit $fail
fi

mkdir -p "$BUILD/data" "$BUILD/run"
"$BUILD/bench_gen" "$BUILD/data"
# ADOL-C runs with its shipped buffer sizes: a .adolcrc with 16M-entry
# buffers made its replays 2-4x slower (BA, heat), so none is written.
rm -f "$BUILD/run/.adolcrc"
TSV="$BUILD/results.tsv"
: >"$TSV"
for k in $KERNELS; do
  (cd "$BUILD/run" && nice "$BUILD/bench_$k" --data "$BUILD/data" --out "$TSV" "${ARGS[@]}")
done

# Compile time of each benchmark source with and without the plugin (-c, the
# same flags; without the plugin the requests stay undefined calls).
CT="$BUILD/compile.tsv"
: >"$CT"
for k in $KERNELS; do
  for mode in plain eddy; do
    flags=(-std=c++17 -O2 -I"$ROOT/include" -I"$HERE" -I/usr/include -c "$HERE/$k.cpp" -o /dev/null)
    [ $mode = eddy ] && flags+=(-fplugin="$EDDY_BUILD/lib/EddyClang.so")
    best=
    for i in 1 2 3; do
      s=$(date +%s.%N); nice "$CXX" "${flags[@]}"; e=$(date +%s.%N)
      t=$(echo "$e - $s" | bc)
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
    printf '%s\t%s\t%s\n' "$k" "$mode" "$best" >>"$CT"
  done
done

python3 "$HERE/report.py" "$TSV" "$CT" "$HERE/results.md" "$BUILD/plot.dat"
gnuplot -e "datafile='$BUILD/plot.dat'; outfile='$HERE/results.png'" "$HERE/plot.gp"
echo "wrote $HERE/results.md and $HERE/results.png"

#!/usr/bin/env bash
# The sanitizer job (docs/sanitizers.md), three parts, each timed:
#   asan      Eddy built with AddressSanitizer in build-asan/ (or
#             $EDDY_ASAN_BUILD_DIR) runs the whole lit suite: no invalid access
#             and no leak in the plugin, the pass library or eddy-transform.
#   sanitize  the tests that run a program they built (%run or %levels) again,
#             with the programs under ASan + LeakSanitizer + UBSan.
#   valgrind  the same tests with the programs under valgrind's memcheck.
# The per-level tests (%levels) run at -O1/-O3 under ASan+UBSan and at
# -O0/-O2 under valgrind: together all four levels, at half the time.
# Parts 2 and 3 use the normal build (build/ or $EDDY_BUILD_DIR). Every part
# runs even if an earlier one failed; the exit status is nonzero if any did.
#   scripts/sanitize.sh [asan] [sanitize] [valgrind]   (default: all three)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EDDY_BUILD_DIR:-$root/build}
asan_build=${EDDY_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${EDDY_JOBS:-2}
lit=(python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv -j "$jobs")
parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(asan sanitize valgrind)

"$root/scripts/install-deps.sh" || exit 1

# The tests whose RUN lines run a built program, as lit paths in $1.
program_tests() {
  (cd "$root/test" && grep -rl --include='*.c' --include='*.cpp' \
     --include='*.test' -e '%run' -e '%levels' . | sort | sed "s|^\.|$1/test|")
}

failed=()
summary=()
run_part() {
  local name=$1 start=$SECONDS status=0
  shift
  echo "=== sanitize.sh: $name"
  "$@" || status=$?
  local line="$name: $((SECONDS - start)) s, "
  if [[ $status -eq 0 ]]; then line+="passed"; else line+="FAILED"; failed+=("$name"); fi
  summary+=("$line")
  echo "=== $line"
}

part_asan() {
  if [[ ! -f "$asan_build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang \
      -DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++ \
      -DEDDY_ENABLE_ASAN=ON || return 1
  fi
  cmake --build "$asan_build" -j "$jobs" || return 1
  "${lit[@]}" "$asan_build/test"
}

part_sanitize() {
  EDDY_BUILD_DIR=$build "$root/scripts/build.sh" || return 1
  "${lit[@]}" --param eddy_sanitize=1 --param eddy_levels="1 3" $(program_tests "$build")
}

part_valgrind() {
  EDDY_BUILD_DIR=$build "$root/scripts/build.sh" || return 1
  "${lit[@]}" --param eddy_valgrind=1 --param eddy_levels="0 2" $(program_tests "$build")
}

for p in "${parts[@]}"; do
  case $p in
    asan|sanitize|valgrind) run_part "$p" "part_$p" ;;
    *) echo "sanitize.sh: unknown part '$p' (asan, sanitize, valgrind)" >&2; exit 2 ;;
  esac
done

echo "=== sanitize.sh summary"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "sanitize.sh: FAILED: ${failed[*]}"
  exit 1
fi
echo "sanitize.sh: all parts passed"

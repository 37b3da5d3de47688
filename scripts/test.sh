#!/usr/bin/env bash
# Runs Eddy's whole lit suite (building first if needed) and ends with one line
#     N passed, N failed            (", N skipped" appended when any are)
# Passed = PASS + XFAIL; failed = FAIL, UNRESOLVED, TIMEOUT, XPASS;
# skipped = UNSUPPORTED. Exits nonzero when anything failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${EDDY_BUILD_DIR:-$root/build}
lit=/usr/lib/llvm-19/build/utils/lit/lit.py

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
python3 "$lit" -sv -j "${EDDY_JOBS:-2}" -o "$results" "$build/test" || status=$?

python3 - "$results" "$status" <<'PY'
import json, sys
path, lit_status = sys.argv[1], int(sys.argv[2])
try:
    tests = json.load(open(path))["tests"]
except Exception as e:  # lit died before writing results
    print(f"test.sh: no lit results ({e}); lit exited with {lit_status}")
    print("0 passed, 1 failed")
    sys.exit(1)
passed = failed = skipped = 0
bad = []
for t in tests:
    code = t["code"]
    if code in ("PASS", "XFAIL", "FLAKYPASS"):
        passed += 1
    elif code in ("UNSUPPORTED", "SKIPPED", "EXCLUDED"):
        skipped += 1
    else:  # FAIL, UNRESOLVED, TIMEOUT, XPASS
        failed += 1
        bad.append(f"  {code}: {t['name']}")
if bad:
    print("Failing tests:")
    print("\n".join(bad))
if failed == 0 and lit_status != 0:
    failed = 1  # lit itself reported an error we could not attribute
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# bench/smoke.sh — every benchmark kernel at a tiny size, every derivative
# checked (no timing). Exit status 0 iff all checks pass. For the test suite.
exec "$(dirname "$0")/run.sh" --smoke "$@"

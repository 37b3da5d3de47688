// A std::vector result whose cotangent has the wrong length, or whose length
// changes between the run that sizes the buffers and the sweep, stops the
// program with a message (then std::abort()), as shadow lengths do
// (shadow-lengths.cpp). Selected by argv[1]; with no argument, lengths fit.
//
// RUN: %eddy-clangxx -std=c++17 -O0 -I%S/../Inputs %s -o %t0
// RUN: %eddy-clangxx -std=c++17 -O2 -I%S/../Inputs %s -o %t2
// RUN: for b in %t0 %t2; do %run $b | FileCheck --check-prefix=OK --implicit-check-not=FAIL %s || exit 1; done
// RUN: for b in %t0 %t2; do not --crash %run $b cotangent 2>&1 | FileCheck --check-prefix=COTANGENT %s || exit 1; done
// RUN: for b in %t0 %t2; do not --crash %run $b changing 2>&1 | FileCheck --check-prefix=CHANGING %s || exit 1; done
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cstring>
#include <vector>

static std::vector<double> twice(const std::vector<double> &x) {
  return {2 * x[0], 2 * x[1]};
}
// A result whose length depends on a counter outside f: 1 element, then 2, ...
static int calls = 0;
static std::vector<double> growing(double x) { return std::vector<double>(++calls, x); }

int main(int argc, char **argv) {
  std::vector<double> x{1.0, 2.0};
  const char *which = argc > 1 ? argv[1] : "";
  if (!std::strcmp(which, "cotangent"))
    // COTANGENT: eddy: eddy::vjp: the cotangent has 3 elements, but f's result has 2; give the cotangent the result's length
    eddy::vjp(twice, std::vector<double>{1, 1, 1}, x);
  if (!std::strcmp(which, "changing"))
    // CHANGING: eddy: f's std::vector result had 1 elements when it was first computed, then 2; its length must not change between calls with the same arguments
    eddy::jvp(growing, eddy::dual(1.0, 1.0));
  auto g = eddy::vjp(twice, std::vector<double>{1, 1}, x);
  eddy_check("fits", g[1], 2.0);
  return eddy_summary();
}

// OK: ALL OK

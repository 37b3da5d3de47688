// BUG (false refusal at -O2, found by eddy-fuzz, seed 7:26 of the extended
// generator): memcpy of a single double from a differentiated array into a
// local array that is later read with a data-dependent index is refused with
//   error: eddy: differentiated memory is copied through an integer type
//   (type punning); copy it as floating-point values instead
// at -O2 (-O0 compiles and is right). Presumably the module simplification
// pipeline (InstCombine) turns the 8-byte memcpy into an `i64` load + store
// before Eddy runs, and Eddy's type-punning check treats that integer copy of
// differentiated memory as punning. The copy is exact, so Eddy should give the
// integer copy the memcpy's semantics (move the shadow as 8 bytes of double)
// instead of refusing; README promises memcpy of floating-point data works.
// When the local array is only read at constant indices, SROA removes the copy
// and the program compiles.
//
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

static double f(double *x, int n) {
  double a[2] = {0.5, 0.25};
  memcpy(a, x, sizeof(double));
  int k = (int)floor(x[1]) & 1; // a data-dependent index into a
  return a[k] * a[0] * x[1];
}

int main(void) {
  // x = {2, 3.5}: k = 1, f = 0.25 * x0 * x1.
  double x[2] = {2, 3.5}, dx[2] = {0};
  __enzyme_autodiff((void *)f, x, dx, 2);
  eddy_check("rev.dx0", dx[0], 0.25 * 3.5);
  eddy_check("rev.dx1", dx[1], 0.25 * 2);
  double y[2] = {2, 3.5}, t[2] = {1, 0};
  eddy_check("fwd.dx0", __enzyme_fwddiff((void *)f, y, t, 2), 0.25 * 3.5);
  return eddy_summary();
}

// CHECK: OK rev.dx0
// CHECK: OK fwd.dx0
// CHECK: ALL OK

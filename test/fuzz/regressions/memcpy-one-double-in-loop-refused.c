// FIXED (was a false refusal at -O2; found by eddy-fuzz, seed 1:697): a memcpy
// of one double from the differentiated input into a local array, inside a
// loop, reaches Eddy as an i64 load through `select c, x, a0` + store. The
// copy's element type is now also taken from its destination (a0 holds
// doubles), so it is retyped to a double copy instead of being refused.
//
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

static double f(double *x, int n) {
  double v1 = 0.893 * x[0] + 0.983, v2 = -0.439 * x[0] + 0.345;
  double a0[5];
  for (int j = 0; j < 5; ++j)
    a0[j] = sin(0.239 * j + x[j % n]);
  int k = 0;
  while (atan(v2) > -0.5 && k < 3) {
    for (int i = 0; i < n; ++i)
      memcpy(a0, x, 1 * sizeof(double));
    int m = ((int)floor(1.39 * erfc(v2)) % 5 + 5) % 5;
    a0[m] = 0.543 * a0[m] + 0.2275 * (tan(0.9 * atan(v1 * 1.75)) - 0.427 * v2);
    ++k;
  }
  return 0.819 * v1 - 0.253 * a0[3] + a0[0] * a0[1];
}
static double f_copy(const double *x, void *ctx) {
  double t[2] = {x[0], x[1]};
  return f(t, 2);
}

int main(void) {
  const double x0[2] = {0.4, -0.3};
  double x[2] = {0.4, -0.3}, dx[2] = {0};
  __enzyme_autodiff((void *)f, x, dx, 2);
  for (int j = 0; j < 2; ++j) {
    double y[2] = {0.4, -0.3}, t[2] = {0, 0};
    t[j] = 1;
    double col = __enzyme_fwddiff((void *)f, y, t, 2);
    eddy_checkf_tol(dx[j], eddy_fd_partial(f_copy, 0, x0, 2, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, dx[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fwd_vs_rev[%d]", j, 0);
  }
  return eddy_summary();
}

// CHECK: OK rev_vs_fd[1]
// CHECK: ALL OK

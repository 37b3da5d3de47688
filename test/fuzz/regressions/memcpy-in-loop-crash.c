// Regression test (was a compiler crash at -O2; found by eddy-fuzz, the lit smoke run
// fuzz-smoke.test, seed 1:30 --quick, with the build of 19dd34e plus the
// uncommitted memcpy work in lib/Transform/ReverseMemory.cpp and
// Canonicalize.cpp present in the shared tree at 06:31): a loop that
// copies one double from a local array into the differentiated input with
// memcpy and then updates the input in place crashed clang at -O2 with a
// segmentation fault inside "eddy::EddyPass" (stack: Optimizer > Running pass
// "eddy::EddyPass"). Earlier builds refused the same program ("differentiated
// memory is copied through an integer type"), see memcpy-one-double-refused.c:
// the 8-byte memcpy reaches Eddy as an i64 load + store. -O0 compiled.
// Fixed by the same memcpy work a few minutes later (libEddyPasses.so built 06:32:59).
// The fuzzer's minimized reproducer is the same shape with more statements.
//
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

static double f(double *x, int n) {
  double a[2] = {sin(x[0]), cos(x[0])};
  for (int i = 0; i < n; ++i) {
    memcpy(x, a, sizeof(double));
    x[i] *= 0.5 * a[1];
    a[i % 2] = x[0] * a[1];
  }
  return a[0] + x[1];
}
static double f_copy(const double *x, void *ctx) {
  double t[2] = {x[0], x[1]};
  return f(t, 2);
}

int main(void) {
  const double x0[2] = {0.3, 0.7};
  double x[2] = {0.3, 0.7}, dx[2] = {0};
  __enzyme_autodiff((void *)f, x, dx, 2);
  for (int j = 0; j < 2; ++j) {
    double y[2] = {0.3, 0.7}, t[2] = {0, 0};
    t[j] = 1;
    double col = __enzyme_fwddiff((void *)f, y, t, 2);
    eddy_checkf_tol(dx[j], eddy_fd_partial(f_copy, 0, x0, 2, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, dx[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fwd_vs_rev[%d]", j, 0);
  }
  return eddy_summary();
}

// CHECK: OK rev_vs_fd[1]
// CHECK: ALL OK

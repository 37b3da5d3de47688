// FIXED (a switch with two cases leading to the same block made that block
// look unreachable to the adjoint sweep, getSinglePredecessor vs
// getUniquePredecessor; UB at -O2). Was: BUG (reverse mode at -O2; found by eddy-fuzz, seed 1:1821): the gradient of
// the function below at x = (0.912703, 1.17378) is wrong at -O2 -- reverse
// (-0.0474, 0.7902), while forward mode, -O0 and finite differences give
// (0.0205, 0.7729) -- with the build of 06:59; the build of 06:32 crashed
// with a segmentation fault inside f.eddy.grad.ac_r instead. Nothing is
// refused. The function overwrites x[i] (i = 0 here) and then reads x[j]
// (j = 0, the overwritten element) on one side of a ternary whose condition
// compares a constant with an entry of a constant table selected by a
// data-dependent index; with a plain comparison instead of the table the
// gradient is right. At point (-0.379154, 1.776976) it is right too.
//
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static const double TBL[8] = {0.5, -1.25, 1.75, -0.3, 0.9, -1.6, 0.15, 1.1};

static double f(double *x, int n) {
  double v0 = -0.637 * x[1] + 0.288;
  double v1 = -0.674 * x[0] + 0.889;
  int i = (((int)floor(1.79 * v1) % n) + n) % n;
  x[i] = -0.364 * x[i] + 0.1371 * (v0 + 0.876 * v1 * (0.149 - v1));
  int t = (((int)floor(1.86 * v0) % 8) + 8) % 8, j = (((int)floor(0.61 * v1) % n) + n) % n;
  v1 = 0.4722 * (-0.83 * fma(-1.549, 0.912 <= TBL[t] ? x[j] : v1, v1));
  return sin(-0.899 * v0 + 0.794 * v1) + v0 * v1;
}
static double f_copy(const double *x, void *ctx) {
  double t[2] = {x[0], x[1]};
  return f(t, 2);
}

int main(void) {
  const double pts[2][2] = {{0.912703, 1.17378}, {-0.379154, 1.776976}};
  for (int p = 0; p < 2; ++p) {
    double x[2] = {pts[p][0], pts[p][1]}, dx[2] = {0};
    __enzyme_autodiff((void *)f, x, dx, 2);
    for (int j = 0; j < 2; ++j) {
      double y[2] = {pts[p][0], pts[p][1]}, t[2] = {0, 0};
      t[j] = 1;
      double col = __enzyme_fwddiff((void *)f, y, t, 2);
      eddy_checkf_tol(col, eddy_fd_partial(f_copy, 0, pts[p], 2, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "p%d.fwd_vs_fd[%d]", p, j);
      eddy_checkf_tol(dx[j], col, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "p%d.rev_vs_fwd[%d]", p, j);
    }
  }
  return eddy_summary();
}

// CHECK: OK p0.rev_vs_fwd[1]
// CHECK: OK p1.rev_vs_fwd[1]
// CHECK: ALL OK

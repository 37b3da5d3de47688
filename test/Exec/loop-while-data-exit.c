// while-loops whose trip count depends on the active values: the reverse
// sweep must replay exactly the iterations the forward run took.
//  - Newton's iteration for sqrt(a), run to convergence: d/da = 1/(2 sqrt a)
//    (the tangent of a converged Newton iteration converges too);
//  - halving x until it is <= 1: x/2^n with n depending on x;
//  - a do-while accumulating until a threshold.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static double newton_sqrt(double a) {
  double y = a > 1 ? a : 1.0;
  while (fabs(y * y - a) > 1e-15 * a)
    y = 0.5 * (y + a / y);
  return y;
}

// r = x / 2^n, n = number of halvings; returns r^2 + n.  d = 2 r / 2^n.
static double halve(double x) {
  double r = x;
  int n = 0;
  while (r > 1.0) {
    r = r / 2;
    ++n;
  }
  return r * r + n;
}
static double d_halve(double x) {
  double r = x, scale = 1;
  while (r > 1.0) {
    r /= 2;
    scale /= 2;
  }
  return 2 * r * scale;
}

// Adds x*k to s for k = 1, 2, ... until s exceeds 10: s = x k(k+1)/2 for the
// data-dependent final k, d = k(k+1)/2.
static double accumulate(double x) {
  double s = 0;
  int k = 0;
  do {
    ++k;
    s += x * k;
  } while (s <= 10.0);
  return s;
}
static double d_accumulate(double x) {
  int k = 0;
  double s = 0;
  do { ++k; s += x * k; } while (s <= 10.0);
  return k * (k + 1) / 2.0;
}

int main(void) {
  const double as[] = {0.3, 2.0, 50.0, 1e4};
  for (int i = 0; i < 4; ++i) {
    double a = as[i], ref = 0.5 / sqrt(a);
    eddy_checkf_tol(ref, eddy_fd(newton_sqrt, a), EDDY_RTOL_FD, EDDY_ATOL_FD, "newton[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)newton_sqrt, a), ref, 1e-10, 1e-14, "newton[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)newton_sqrt, a, 1.0), ref, 1e-10, 1e-14, "newton[%d].fwd", i, 0);
  }
  const double xs[] = {0.7, 3.0, 37.5, 1000.0}; // 0, 2, 6, 10 halvings
  for (int i = 0; i < 4; ++i) {
    double x = xs[i], ref = d_halve(x);
    eddy_checkf_tol(ref, eddy_fd(halve, x), EDDY_RTOL_FD, EDDY_ATOL_FD, "halve[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)halve, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "halve[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)halve, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "halve[%d].fwd", i, 0);
  }
  const double ys[] = {20.0, 0.9, 0.013}; // 1, 4, 39 iterations
  for (int i = 0; i < 3; ++i) {
    double x = ys[i], ref = d_accumulate(x);
    eddy_checkf_tol(ref, eddy_fd(accumulate, x), EDDY_RTOL_FD, EDDY_ATOL_FD, "accumulate[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)accumulate, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "accumulate[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)accumulate, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "accumulate[%d].fwd", i, 0);
  }
  return eddy_summary();
}

// CHECK: OK newton[0].rev
// CHECK: OK newton[3].fwd
// CHECK: OK halve[3].rev
// CHECK: OK accumulate[2].fwd
// CHECK: ALL OK

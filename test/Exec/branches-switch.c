// Control flow chosen by the data: an if / else-if chain over the value of x,
// and `switch` statements on an integer argument and on an integer computed
// from x. Only the taken path may contribute to the derivative.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// Four pieces, each with its own derivative.
static double piecewise(double x) {
  double r;
  if (x < -1.0)
    r = exp(x + 1.0);          // d = exp(x+1)
  else if (x < 0.5)
    r = x * x * x;             // d = 3x^2
  else if (x < 2.0)
    r = sin(x) * x;            // d = cos(x) x + sin(x)
  else
    r = log(x) + 1.0 / x;      // d = 1/x - 1/x^2
  return r;
}
static double d_piecewise(double x) {
  if (x < -1.0) return exp(x + 1.0);
  if (x < 0.5) return 3 * x * x;
  if (x < 2.0) return cos(x) * x + sin(x);
  return 1 / x - 1 / (x * x);
}

// switch on a const integer argument (the mode).
static double by_mode(double x, int mode) {
  switch (mode) {
  case 0: return x * x;           // 2x
  case 1: return sqrt(x);         // 1/(2 sqrt x)
  case 2: x = x * 3.0;            // falls through: 3 cos(3x)
  case 3: return sin(x);          // cos x
  default: return -x;             // -1
  }
}
static double d_by_mode(double x, int mode) {
  switch (mode) {
  case 0: return 2 * x;
  case 1: return 0.5 / sqrt(x);
  case 2: return 3 * cos(3 * x);
  case 3: return cos(x);
  default: return -1;
  }
}

// switch on an integer computed from the active value: a periodic sawtooth
// interpolation table. d/dx = slope of the bucket.
static const double table[5] = {0.0, 2.0, 1.0, 4.0, -1.0};
static double bucket(double x) {
  int k = (int)floor(x);
  double frac = x - k, lo, hi;
  switch (k) {
  case 0: lo = table[0]; hi = table[1]; break;
  case 1: lo = table[1]; hi = table[2]; break;
  case 2: lo = table[2]; hi = table[3]; break;
  default: lo = table[3]; hi = table[4]; break;
  }
  return lo + (hi - lo) * frac * frac; // quadratic ramp: d = 2 (hi-lo) frac
}

static int cur_mode;
static double by_mode_fd(double x) { return by_mode(x, cur_mode); }

int main(void) {
  const double xs[] = {-2.0, -0.5, 0.3, 1.0, 1.9, 3.5};
  for (int i = 0; i < 6; ++i) {
    double x = xs[i], ref = d_piecewise(x);
    eddy_checkf_tol(ref, eddy_fd(piecewise, x), EDDY_RTOL_FD, EDDY_ATOL_FD, "piecewise[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)piecewise, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "piecewise[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)piecewise, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "piecewise[%d].fwd", i, 0);
  }
  for (int m = 0; m < 5; ++m) {
    double x = 0.7, ref = d_by_mode(x, m);
    cur_mode = m;
    eddy_checkf_tol(ref, eddy_fd(by_mode_fd, x), EDDY_RTOL_FD, EDDY_ATOL_FD, "mode[%d].ref_vs_fd", m, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)by_mode, x, m), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "mode[%d].rev", m, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)by_mode, x, 1.0, m), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "mode[%d].fwd", m, 0);
  }
  const double bx[] = {0.25, 1.5, 2.75, 3.1};
  const double bref[] = {2 * 2.0 * 0.25, 2 * -1.0 * 0.5, 2 * 3.0 * 0.75, 2 * -5.0 * 0.1};
  for (int i = 0; i < 4; ++i) {
    eddy_checkf_tol(bref[i], eddy_fd(bucket, bx[i]), EDDY_RTOL_FD, EDDY_ATOL_FD, "bucket[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)bucket, bx[i]), bref[i], 1e-12, 1e-12, "bucket[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)bucket, bx[i], 1.0), bref[i], 1e-12, 1e-12, "bucket[%d].fwd", i, 0);
  }
  return eddy_summary();
}

// CHECK: OK piecewise[0].rev
// CHECK: OK piecewise[5].fwd
// CHECK: OK mode[2].rev
// CHECK: OK mode[4].fwd
// CHECK: OK bucket[3].fwd
// CHECK: ALL OK

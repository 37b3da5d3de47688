// Integer computations mixed into differentiated code: gathers through an
// index array, counters, bit-mask flags, and float -> int conversions (which
// carry no derivative). The integer arrays are passed with enzyme_const.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 5

// sum_k (k+1) x[idx[k]]^2 : dx_j = sum_{k: idx[k]=j} 2 (k+1) x_j
static double gather(const double *x, const int *idx, int m) {
  double s = 0;
  for (int k = 0; k < m; ++k)
    s += (k + 1) * x[idx[k]] * x[idx[k]];
  return s;
}

// (number of positive entries) * sum x_i^3
static double count_scale(const double *x, int n) {
  int pos = 0;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    pos += x[i] > 0;
    s += x[i] * x[i] * x[i];
  }
  return pos * s;
}

// Elements whose bit is set in `mask` contribute sin(x_i); others x_i / 2.
static double masked(const double *x, unsigned mask, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += (mask >> i) & 1u ? sin(x[i]) : 0.5 * x[i];
  return s;
}

// x * trunc(3x) with the int conversion: d = (int)(3x).
static double trunc_scale(double x) { return x * (int)(3 * x); }

int main(void) {
  double x[N] = {0.5, -1.0, 2.0, -0.25, 1.5};
  int idx[7] = {2, 0, 2, 4, 1, 2, 0};

  double dx[N] = {0}, ref[N] = {0};
  for (int k = 0; k < 7; ++k)
    ref[idx[k]] += 2 * (k + 1) * x[idx[k]];
  __enzyme_autodiff((void *)gather, x, dx, enzyme_const, idx, 7);
  for (int j = 0; j < N; ++j)
    eddy_checkf_tol(dx[j], ref[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "gather.rev[%d]", j, 0);
  double e3[N] = {0, 0, 0, 1, 0}, e2[N] = {0, 0, 1, 0, 0};
  eddy_check("gather.fwd[3]", __enzyme_fwddiff((void *)gather, x, e3, enzyme_const, idx, 7), ref[3]);
  eddy_check("gather.fwd[2]", __enzyme_fwddiff((void *)gather, x, e2, enzyme_const, idx, 7), ref[2]);

  double dc[N] = {0};
  __enzyme_autodiff((void *)count_scale, x, dc, N);
  for (int j = 0; j < N; ++j)
    eddy_checkf_tol(dc[j], 3 * 3 * x[j] * x[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "count_scale.rev[%d]", j, 0);

  unsigned mask = 0x15; // bits 0, 2, 4
  double dm[N] = {0};
  __enzyme_autodiff((void *)masked, x, dm, mask, N);
  for (int j = 0; j < N; ++j)
    eddy_checkf_tol(dm[j], (mask >> j) & 1u ? cos(x[j]) : 0.5, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "masked.rev[%d]", j, 0);
  double v[N] = {1, 1, 1, 1, 1}, jvp = 0;
  for (int j = 0; j < N; ++j)
    jvp += (mask >> j) & 1u ? cos(x[j]) : 0.5;
  eddy_check("masked.fwd", __enzyme_fwddiff((void *)masked, x, v, mask, N), jvp);

  eddy_check("trunc_scale.rev", __enzyme_autodiff((void *)trunc_scale, 1.4), 4.0);
  eddy_check("trunc_scale.fwd", __enzyme_fwddiff((void *)trunc_scale, 1.4, 1.0), 4.0);
  eddy_check_fd("trunc_scale.ref_vs_fd", 4.0, eddy_fd(trunc_scale, 1.4));
  return eddy_summary();
}

// CHECK: OK gather.rev[4]
// CHECK: OK gather.fwd[2]
// CHECK: OK count_scale.rev[4]
// CHECK: OK masked.fwd
// CHECK: OK trunc_scale.fwd
// CHECK: ALL OK

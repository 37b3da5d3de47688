// Reductions on active values in parallel loops over n = 1000 entries:
//  - reduction(+:s): a weighted sum of squares, its square root returned
//    (so the seed reaching the reduction is not 1);
//  - reduction(max:m): the largest x[i]*w, w an active scalar;
//  - reduction(min:lo): the smallest x[i]*x[i] - w*x[i];
//  - reduction(+:s) reduction(max:m) on one loop, s*m returned.
// Each thread reduces its part privately and the runtime combines the parts:
// in reverse mode every part's adjoint is the adjoint of the result (sum),
// or only the winning entry's is (max, min: the maxima are unique here). On
// 1, 2 and 4 threads, at every -O level: the reverse gradients equal the
// analytic ones, and forward mode along a direction equals their dot product
// with it. The serial RUN line checks the program with the pragmas ignored.
//
// REQUIRES: openmp
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t.serial -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=1 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=4 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t4 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include "eddy_check.h"
#include "omp_tests.h"

#define N 1000

double norm_w(const double *x, const double *w, int n) {
  double s = 0.0;
#pragma omp parallel for reduction(+ : s)
  for (int i = 0; i < n; ++i)
    s += w[i] * x[i] * x[i];
  return sqrt(s);
}

double max_scaled(const double *x, double w, int n) {
  double m = -INFINITY;
#pragma omp parallel for reduction(max : m)
  for (int i = 0; i < n; ++i) {
    double v = x[i] * w;
    if (v > m)
      m = v;
  }
  return m;
}

double min_quadratic(const double *x, double w, int n) {
  double lo = INFINITY;
#pragma omp parallel for reduction(min : lo)
  for (int i = 0; i < n; ++i)
    lo = fmin(lo, x[i] * x[i] - w * x[i]);
  return lo;
}

double sum_times_max(const double *x, double w, int n) {
  double s = 0.0, m = -INFINITY;
#pragma omp parallel for reduction(+ : s) reduction(max : m)
  for (int i = 0; i < n; ++i) {
    s += x[i] * x[i] * w;
    m = fmax(m, x[i] * w);
  }
  return s * m;
}

static double x0[N], w0[N], vx[N], vw[N];
static const double W = 0.8, VW = -0.6;

// The index of the largest (smallest) value of x[i]*W (x[i]^2 - W*x[i]).
static int argmax_scaled(void) {
  int k = 0;
  for (int i = 1; i < N; ++i)
    if (x0[i] * W > x0[k] * W)
      k = i;
  return k;
}
static int argmin_quadratic(void) {
  int k = 0;
  for (int i = 1; i < N; ++i)
    if (x0[i] * x0[i] - W * x0[i] < x0[k] * x0[k] - W * x0[k])
      k = i;
  return k;
}

// Sums of ~1000 terms in a thread-count-dependent order: relative to the
// sum of the terms' magnitudes, 1e-13 leaves ~100x over their rounding.
static double dot(const double *g, const double *v, double *scale) {
  double s = 0.0;
  for (int i = 0; i < N; ++i) {
    s += g[i] * v[i];
    *scale += fabs(g[i] * v[i]);
  }
  return s;
}

static void check_norm(void) {
  static double dx[N], dw[N], gx[N], gw[N];
  double s = 0.0;
  for (int i = 0; i < N; ++i)
    s += w0[i] * x0[i] * x0[i];
  // d sqrt(s) = ds / (2 sqrt(s)); ds/dx_i = 2 w_i x_i, ds/dw_i = x_i^2.
  for (int i = 0; i < N; ++i) {
    gx[i] = w0[i] * x0[i] / sqrt(s);
    gw[i] = x0[i] * x0[i] / (2.0 * sqrt(s));
    dx[i] = dw[i] = 0.0;
  }
  __enzyme_autodiff((void *)norm_w, x0, dx, w0, dw, N);
  // Each entry is the product of the (reduced) seed 1/(2 sqrt(s)) with one
  // term's derivative; the seed's s was summed in another order: 1e-12
  // relative covers that sum's rounding (~1e-14) many times.
  omp_check_array("sum.reverse.dx", dx, gx, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  omp_check_array("sum.reverse.dw", dw, gw, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);

  double scale = 0.0;
  double want = dot(gx, vx, &scale) + dot(gw, vw, &scale);
  double t = __enzyme_fwddiff((void *)norm_w, x0, vx, w0, vw, N);
  eddy_check_tol("sum.forward", t, want, 0.0, 1e-13 * scale);
}

static void check_max(void) {
  static double dx[N], gx[N];
  int k = argmax_scaled();
  for (int i = 0; i < N; ++i)
    gx[i] = dx[i] = 0.0;
  gx[k] = W; // m = x_k * w: only the winner's entry has a derivative.
  double dw = __enzyme_autodiff((void *)max_scaled, x0, dx, W, N);
  omp_check_array("max.reverse.dx", dx, gx, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check("max.reverse.dw", dw, x0[k]);
  double t = __enzyme_fwddiff((void *)max_scaled, x0, vx, W, VW, N);
  eddy_check("max.forward", t, W * vx[k] + x0[k] * VW);
}

static void check_min(void) {
  static double dx[N], gx[N];
  int k = argmin_quadratic();
  for (int i = 0; i < N; ++i)
    gx[i] = dx[i] = 0.0;
  gx[k] = 2.0 * x0[k] - W;
  double dw = __enzyme_autodiff((void *)min_quadratic, x0, dx, W, N);
  omp_check_array("min.reverse.dx", dx, gx, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check("min.reverse.dw", dw, -x0[k]);
  double t = __enzyme_fwddiff((void *)min_quadratic, x0, vx, W, VW, N);
  eddy_check("min.forward", t, gx[k] * vx[k] - x0[k] * VW);
}

static void check_sum_max(void) {
  static double dx[N], gx[N];
  int k = argmax_scaled();
  double q = 0.0; // sum of squares
  for (int i = 0; i < N; ++i)
    q += x0[i] * x0[i];
  double s = q * W, m = x0[k] * W;
  // f = s*m: df = m ds + s dm, ds = 2 w x_i dx_i + q dw, dm = w dx_k + x_k dw.
  for (int i = 0; i < N; ++i) {
    gx[i] = 2.0 * W * x0[i] * m;
    dx[i] = 0.0;
  }
  gx[k] += s * W;
  double gw = q * m + s * x0[k];
  double dw = __enzyme_autodiff((void *)sum_times_max, x0, dx, W, N);
  // The entries and dw scale with s, itself a sum in another order.
  omp_check_array("sum_max.reverse.dx", dx, gx, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check("sum_max.reverse.dw", dw, gw);
  double scale = fabs(gw * VW);
  double want = dot(gx, vx, &scale) + gw * VW;
  double t = __enzyme_fwddiff((void *)sum_times_max, x0, vx, W, VW, N);
  eddy_check_tol("sum_max.forward", t, want, 0.0, 1e-13 * scale);
}

int main(void) {
  omp_check_team();
  for (int i = 0; i < N; ++i) {
    x0[i] = eddy_rand();
    w0[i] = 1.5 + eddy_rand(); // positive: the sum of squares is > 0
    vx[i] = eddy_rand();
    vw[i] = eddy_rand();
  }
  check_norm();
  check_max();
  check_min();
  check_sum_max();
  return eddy_summary();
}

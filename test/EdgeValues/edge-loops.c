// Edge values through loops, in-place arrays and the reverse-mode tape: NaN,
// +-Inf, +-0, denormal and huge entries must not crash the generated code, must
// not leak into components they do not touch, and give the IEEE value of the
// chain rule (a product of the local derivatives of each iteration).
//  - sumsq: s = sum x[i]^2; d/dx[i] = 2 x[i] whatever the other entries hold
//    (reverse mode; forward mode see below).
//  - roots: while (x > 1 && k < 60) x = sqrt(x); a data-dependent trip count
//    (0 at NaN, 60 at +Inf where sqrt(Inf) = Inf).
//  - exps: three nested exponentials (overflow to Inf at huge x, 0 at -Inf).
//  - smooth: an in-place 3-point stencil (linear, so its Jacobian does not
//    depend on the data) on an array holding one special value: forward
//    columns and reverse rows must equal the Jacobian taken at ordinary data
//    (constant coefficients contribute no 0 * Inf terms).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int fails, checks;
static void same(const char *what, double x, double got, double want) {
  ++checks;
  // Products of many factors in another order: relative 1e-13, and below
  // DBL_MIN only the absolute error of gradual underflow.
  int ok = eddy_same_ieee(got, want, 1e-13, 1e-310);
  if (!ok) {
    ++fails;
    printf("FAIL %s at %g: got %.17g want %.17g\n", what, x, got, want);
  }
}

#define N 6
static double sumsq(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}
static double roots(double x) {
  int k = 0;
  while (x > 1 && k < 60) {
    x = sqrt(x);
    ++k;
  }
  return x;
}
static double roots_ref(double x) { // the chain rule, evaluated the same way
  double d = 1;
  int k = 0;
  while (x > 1 && k < 60) {
    d = d * (0.5 / sqrt(x));
    x = sqrt(x);
    ++k;
  }
  return d;
}
static double exps(double x) {
  for (int i = 0; i < 3; ++i)
    x = exp(x) - 2;
  return x;
}
static double exps_ref(double x) {
  double d = 1;
  for (int i = 0; i < 3; ++i) {
    d = d * exp(x);
    x = exp(x) - 2;
  }
  return d;
}
static void smooth(double *u, int n) {
  for (int t = 0; t < 3; ++t)
    for (int i = 1; i + 1 < n; ++i)
      u[i] = 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1];
}

int main(void) {
  const double sp[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 4.9406564584124654e-324,
                       1e300, -1e300, DBL_MAX};
  const int ns = sizeof sp / sizeof *sp;
  for (int s = 0; s < ns; ++s) {
    // sumsq with the special value in slot 2 of otherwise ordinary data.
    double x[N] = {0.5, -1.5, sp[s], 2.0, -0.25, 3.0}, g[N] = {0};
    __enzyme_autodiff((void *)sumsq, x, g, N);
    for (int i = 0; i < N; ++i)
      same(i == 2 ? "sumsq.rev[special]" : "sumsq.rev[other]", sp[s], g[i], 2 * x[i]);
    // Forward mode forms J.v in IEEE arithmetic: with an infinite or NaN
    // partial in slot 2, a zero tangent there gives 0 * Inf = NaN in every
    // column (docs/edge-values.md, "zero tangents"), so the other columns are
    // only checked when the special value is finite.
    for (int j = 0; j < N; ++j) {
      if (j != 2 && !isfinite(sp[s]))
        continue;
      double e[N] = {0};
      e[j] = 1;
      same(j == 2 ? "sumsq.fwd[special]" : "sumsq.fwd[other]", sp[s],
           __enzyme_fwddiff((void *)sumsq, x, e, N), 2 * x[j]);
    }

    double r = sp[s];
    same("roots.rev", r, __enzyme_autodiff((void *)roots, r), roots_ref(r));
    same("roots.fwd", r, __enzyme_fwddiff((void *)roots, r, 1.0), roots_ref(r));
    same("exps.rev", r, __enzyme_autodiff((void *)exps, r), exps_ref(r));
    same("exps.fwd", r, __enzyme_fwddiff((void *)exps, r, 1.0), exps_ref(r));

    // The stencil is linear: its Jacobian (forward columns at ordinary data)
    // does not depend on u, so a special value in u must not change the rows.
    double u0[N] = {1, 2, sp[s], -1, 0.5, 3}, J[N][N];
    for (int j = 0; j < N; ++j) {
      double u[N] = {1, 2, 0.75, -1, 0.5, 3}, du[N] = {0};
      du[j] = 1;
      __enzyme_fwddiff_void((void *)smooth, u, du, N);
      for (int i = 0; i < N; ++i)
        J[i][j] = du[i];
      double us[N], dus[N] = {0};
      memcpy(us, u0, sizeof us);
      dus[j] = 1;
      __enzyme_fwddiff_void((void *)smooth, us, dus, N);
      for (int i = 0; i < N; ++i)
        same("smooth.fwd", sp[s], dus[i], J[i][j]);
    }
    for (int i = 0; i < N; ++i) {
      double u[N], du[N] = {0};
      memcpy(u, u0, sizeof u);
      du[i] = 1;
      __enzyme_autodiff_void((void *)smooth, u, du, N);
      for (int j = 0; j < N; ++j) {
        same("smooth.rev", sp[s], du[j], J[i][j]);
      }
    }
  }
  printf("roots'(NaN) = %g, roots'(inf) = %g, exps'(-inf) = %g, exps'(1e300) = %g\n",
         __enzyme_autodiff((void *)roots, NAN), __enzyme_fwddiff((void *)roots, INFINITY, 1.0),
         __enzyme_autodiff((void *)exps, -INFINITY), __enzyme_fwddiff((void *)exps, 1e300, 1.0));
  printf("%s (%d checks)\n", fails ? "FAILED" : "ALL OK", checks);
  return fails != 0;
}

// CHECK: roots'(NaN) = 1, roots'(inf) = 0, exps'(-inf) = 0, exps'(1e300) = inf
// CHECK: ALL OK

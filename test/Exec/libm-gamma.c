// lgamma, lgamma_r and tgamma (and their float / long double forms): the
// derivative needs digamma, which Eddy emits into the module (Digamma.cpp).
// Checked in both modes against
//  - exact values: psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2,
//    psi(n) = H(n-1) - gamma, psi(-1/2) = psi(1/2) + 2;
//  - a five-point central difference of libm's lgamma / tgamma, whose error
//    is ~eps^(4/5) ~ 3e-13 relative with h = eps^(1/5) times the scale on
//    which the function varies (x, or the distance to the nearest pole):
//    1e-10 leaves a factor 300 of margin;
//  - forward over reverse: lgamma'' = trigamma, trigamma(1) = pi^2 / 6.
// The poles give NaN.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

float __enzyme_autodiff_f1(void *, float);
float __enzyme_fwddiff_f1(void *, float, float);
long double __enzyme_autodiff_l1(void *, long double);
long double __enzyme_fwddiff_l1(void *, long double, long double);

static const double EulerGamma = 0.57721566490153286061;

static double lg(double x) { return lgamma(x); }
static double tg(double x) { return tgamma(x); }
static double lgr(double x) {
  int sign;
  return lgamma_r(x, &sign) * 2.0;
}
static float lgf(float x) { return lgammaf(x); }
static float tgf(float x) { return tgammaf(x); }
static long double lgl(long double x) { return lgammal(x); }
static long double tgl(long double x) { return tgammal(x); }

// lgamma's derivative by reverse mode, differentiated again by forward mode.
static double dlg(double x) { return __enzyme_autodiff((void *)lg, x); }

// The step is scaled by the distance to the nearest pole (x for x > 0), where
// the derivatives that make up the error grow.
static double fd5(double (*f)(double), double x) {
  double h = 7e-4 * (x > 0 ? x : fabs(x - round(x)));
  volatile double t = x + h;
  h = t - x;
  return (8.0 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12.0 * h);
}

// The absolute tolerance covers the difference quotient's rounding error,
// eps |f| / h ~ 1e-13 |f|, where the derivative itself is near 0 (at the
// minimum of gamma, 1.4616...).
#define check_both(name, f, x0, want, rtol)                                    \
  do {                                                                         \
    double x_ = (x0);                                                          \
    eddy_checkf_tol(__enzyme_autodiff((void *)f, x_), want, rtol, 2e-12,       \
                    name "(%d: %d).rev", __LINE__, (int)(x_ * 1000));          \
    eddy_checkf_tol(__enzyme_fwddiff((void *)f, x_, 1.0), want, rtol, 2e-12,   \
                    name "(%d: %d).fwd", __LINE__, (int)(x_ * 1000));          \
  } while (0)

int main(void) {
  // Exact digamma values.
  double psi_half = -EulerGamma - 2.0 * log(2.0);
  check_both("lgamma'", lg, 1.0, -EulerGamma, 1e-14);
  check_both("lgamma'", lg, 0.5, psi_half, 1e-14);
  check_both("lgamma'", lg, 5.0, 1.0 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4 - EulerGamma, 1e-14);
  check_both("lgamma'", lg, -0.5, psi_half + 2.0, 1e-14);
  check_both("lgamma'", lg, 1e-8, -1e8 - EulerGamma, 1e-14);

  // Against five-point differences, across the reflection, the recurrence
  // and the series.
  const double xs[] = {0.1, 0.75, 1.4616321449683622, 2.5, 7.3, 9.99, 10.5, 33.0,
                       150.0, 1e5, -0.3, -1.3, -2.5, -7.7, -20.25};
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; ++i) {
    double x = xs[i];
    check_both("lgamma'", lg, x, fd5(lg, x), 1e-10);
    check_both("lgamma_r'", lgr, x, 2.0 * fd5(lg, x), 1e-10);
    if (x < 170.0)
      // tgamma varies on the scale 1/psi, not x: its own difference quotient
      // is not accurate enough at 7.3; tgamma' = tgamma (ln|tgamma|)'.
      check_both("tgamma'", tg, x, tgamma(x) * fd5(lg, x), 1e-10);
  }
  check_both("tgamma'", tg, 1.0, -EulerGamma, 1e-14);

  // Poles.
  const double poles[] = {0.0, -1.0, -2.0, -30.0};
  for (unsigned i = 0; i < 4; ++i) {
    eddy_checkf_tol(isnan(__enzyme_autodiff((void *)lg, poles[i])), 1, 0, 0,
                    "lgamma'(pole %d).rev is NaN", i, 0);
    eddy_checkf_tol(isnan(__enzyme_fwddiff((void *)lg, poles[i], 1.0)), 1, 0, 0,
                    "lgamma'(pole %d).fwd is NaN", i, 0);
  }
  eddy_check("lgamma'(inf).rev", __enzyme_autodiff((void *)lg, INFINITY), INFINITY);

  // float and long double.
  double psi25 = psi_half + 1.0 / 0.5 + 1.0 / 1.5; // psi(x + 1) = psi(x) + 1/x
  eddy_check_tol("lgammaf'(2.5).rev", __enzyme_autodiff_f1((void *)lgf, 2.5f), psi25,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("lgammaf'(2.5).fwd", __enzyme_fwddiff_f1((void *)lgf, 2.5f, 1.0f), psi25,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("tgammaf'(2.5).rev", __enzyme_autodiff_f1((void *)tgf, 2.5f),
                 tgamma(2.5) * psi25, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("lgammal'(2.5).rev", (double)__enzyme_autodiff_l1((void *)lgl, 2.5L), psi25,
                 1e-14, 0);
  eddy_check_tol("lgammal'(2.5).fwd", (double)__enzyme_fwddiff_l1((void *)lgl, 2.5L, 1.0L),
                 psi25, 1e-14, 0);
  eddy_check_tol("tgammal'(2.5).rev", (double)__enzyme_autodiff_l1((void *)tgl, 2.5L),
                 tgamma(2.5) * psi25, 1e-14, 0);

  // Second derivative: trigamma(1) = pi^2/6.
  eddy_check_tol("lgamma''(1)", __enzyme_fwddiff((void *)dlg, 1.0, 1.0),
                 M_PI * M_PI / 6.0, 1e-12, 0);
  return eddy_summary();
}

// CHECK: ALL OK

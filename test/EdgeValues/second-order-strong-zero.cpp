// Second derivatives where a first-order tangent or adjoint is exactly zero
// while its own derivative is not: exp(x^2) and sqrt(1 + x^2) at x = 0 (the
// tangent 2x of x^2 is 0), cos((x+1)^2 - 1) at x = 0 (the adjoint -sin(0) of
// the inner square is 0), and a straight-through rule whose value is 0.
// The "strong zero" that keeps 0 * Inf from turning a derivative into NaN
// used to replace the whole product by 0 there, and the outer derivative of
// that constant was 0: eddy::hessian(cos((x+1)^2-1)) gave 0 instead of -4,
// nested forward mode gave 0 for exp(x^2)''(0) = 2. The guard now replaces
// only a non-finite factor. Checked against the analytic values in forward
// over forward, forward over reverse and eddy::hessian, at every -O level.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <array>
#include <cmath>

static double g(double x) { return std::cos((x + 1) * (x + 1) - 1); } // g''(0) = -4
static double e(double x) { return std::exp(x * x); }                 // e''(0) = 2
static double s(double x) { return std::sqrt(1 + x * x); }            // s''(0) = 1

// A straight-through rule: round's value, the identity's derivative.
static double st(double v) { return std::floor(v + 0.5); }
static double st_t(double v, double dv) { (void)v; return dv; }
static void st_a(double v, double *dv, double dr) { (void)v; *dv += dr; }
EDDY_TANGENT_RULE(st, st_t)
EDDY_ADJOINT_RULE(st, st_a)
// u = st(p^2), f = u^2: f' = 2 u (2 p), f'' = 8 p^2 + 4 u (u = 0 at p = 0.7).
static double r(double p) { double u = st(p * p); return u * u; }

template <class F> double ff(F f, double x) {
  return eddy::derivative([](double t) { return eddy::derivative(F(), t); }, x);
}
template <class F> double fr(F f, double x) {
  return eddy::derivative([](double t) { return eddy::gradient(F(), t); }, x);
}

int main() {
  const double z = 0.0, p = 0.7;
  eddy_check("exp(x^2)'' forward over forward", ff(eddy::fn<e>, z), 2.0);
  eddy_check("exp(x^2)'' forward over reverse", fr(eddy::fn<e>, z), 2.0);
  eddy_check("exp(x^2)'' hessian", eddy::hessian(eddy::fn<e>, z), 2.0);
  eddy_check("sqrt(1+x^2)'' forward over forward", ff(eddy::fn<s>, z), 1.0);
  eddy_check("sqrt(1+x^2)'' forward over reverse", fr(eddy::fn<s>, z), 1.0);
  eddy_check("cos((x+1)^2-1)'' forward over forward", ff(eddy::fn<g>, z), -4.0);
  eddy_check("cos((x+1)^2-1)'' forward over reverse", fr(eddy::fn<g>, z), -4.0);
  eddy_check("cos((x+1)^2-1)'' hessian", eddy::hessian(eddy::fn<g>, z), -4.0);
  const double want = 8 * p * p + 4 * std::floor(p * p + 0.5);
  eddy_check("straight-through u^2 forward over forward", ff(eddy::fn<r>, p), want);
  eddy_check("straight-through u^2 forward over reverse", fr(eddy::fn<r>, p), want);
  eddy_check("straight-through u^2 hessian", eddy::hessian(eddy::fn<r>, p), want);
  return eddy_summary();
}
// CHECK: ALL OK

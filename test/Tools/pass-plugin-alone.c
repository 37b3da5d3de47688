// -fpass-plugin=libEddyPasses.so without -fplugin (how Enzyme is loaded)
// serves the requests at every level: reverse mode through a loop over an
// array with a shadow, forward mode, forward over reverse, and an Enzyme
// registration (__enzyme_register_derivative). What needs the Clang plugin is
// the AST-level request checks, the `__EDDY__` macros and attributes, and
// source lines without -g (docs/tools.md).
//
// f(x, w) = sum_i w_i sin(x_i) x_i;  df/dx_i = w_i (cos(x_i) x_i + sin(x_i)).
// g(a) = a^2 * sq(a) with sq's registered rule deliberately 3x (to tell the
// rule from the body): g' = 2a sq(a) + a^2 * 3 a (rule).
//
// RUN: %levels %clang %sanitize -fpass-plugin=%eddy-passes -I%eddy-include -I%S/../Inputs %s -lm -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static double f(const double *x, const double *w, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += w[i] * sin(x[i]) * x[i];
  return s;
}

static inline double sq(double a) { return a * a; }
static double sq_fwd(double a, double da) { return 3.0 * a * da; }
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)sq_fwd};
static double g(double a) { return a * a * sq(a); }

// h(y) = exp(y) y; its gradient h'(y) = exp(y)(1 + y), differentiated in
// forward mode: h''(y) = exp(y)(2 + y).
static double h(double y) { return exp(y) * y; }
static double dh(double y) { return __enzyme_autodiff((void *)h, y); }

int main(void) {
  double x[3] = {0.3, -1.2, 2.0}, w[3] = {1.5, 0.5, -2.0}, dx[3] = {0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, w, enzyme_const, 3);
  for (int i = 0; i < 3; ++i)
    eddy_check("rev.dx", dx[i], w[i] * (cos(x[i]) * x[i] + sin(x[i])));
  double v[3] = {1, 0, 0};
  eddy_check("fwd.dx0", __enzyme_fwddiff((void *)f, x, v, enzyme_const, w, enzyme_const, 3),
             w[0] * (cos(x[0]) * x[0] + sin(x[0])));
  double a = 0.7;
  eddy_check("fwd.registered", __enzyme_fwddiff((void *)g, a, 1.0), 2 * a * a * a + a * a * 3 * a);
  double y = 0.4;
  eddy_check("fwd-over-rev", __enzyme_fwddiff((void *)dh, y, 1.0), exp(y) * (2 + y));
  return eddy_summary();
}

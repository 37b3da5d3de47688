// Hyperbolic functions and their inverses, erf/erfc and hypot in both modes,
// against the analytic derivatives (themselves checked against central
// differences).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include "eddy_unary.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

static const double two_over_sqrt_pi = 1.1283791670955126;

UNARY(sinh, sinh(x), cosh(x))
UNARY(cosh, cosh(x), sinh(x))
UNARY(tanh, tanh(x), 1.0 / (cosh(x) * cosh(x)))
UNARY(asinh, asinh(x), 1.0 / sqrt(x * x + 1.0))
UNARY(acosh, acosh(x), 1.0 / sqrt(x * x - 1.0))
UNARY(atanh, atanh(x), 1.0 / (1.0 - x * x))
UNARY(erf, erf(x), two_over_sqrt_pi * exp(-x * x))
UNARY(erfc, erfc(x), -two_over_sqrt_pi * exp(-x * x))

// hypot(x, y) = sqrt(x^2 + y^2): partials x/h, y/h.
static double f_hypot(double x, double y) { return hypot(x, y); }
static double f_hypot_x(double x) { return hypot(x, -2.0); }

int main(void) {
  CHECK_UNARY(sinh, 0.9);
  CHECK_UNARY(sinh, -2.0);
  CHECK_UNARY(cosh, 0.9);
  CHECK_UNARY(cosh, -2.0);
  CHECK_UNARY(tanh, 0.5);
  CHECK_UNARY(tanh, -3.0);
  CHECK_UNARY(asinh, 1.5);
  CHECK_UNARY(asinh, -0.2);
  CHECK_UNARY(acosh, 1.5);
  CHECK_UNARY(acosh, 7.0);
  CHECK_UNARY(atanh, 0.3);
  CHECK_UNARY(atanh, -0.8);
  CHECK_UNARY(erf, 0.4);
  CHECK_UNARY(erf, -1.7);
  CHECK_UNARY(erfc, 0.4);
  CHECK_UNARY(erfc, 2.5);

  double x = 1.5, y = -2.0, h = hypot(x, y);
  eddy_check_fd("hypot.dx.ref_vs_fd", x / h, eddy_fd(f_hypot_x, x));
  D2 g = __enzyme_autodiff_d2((void *)f_hypot, x, y);
  eddy_check("hypot.rev.dx", g.dx, x / h);
  eddy_check("hypot.rev.dy", g.dy, y / h);
  eddy_check("hypot.fwd.dx", __enzyme_fwddiff((void *)f_hypot, x, 1.0, y, 0.0), x / h);
  eddy_check("hypot.fwd.dy", __enzyme_fwddiff((void *)f_hypot, x, 0.0, y, 1.0), y / h);
  return eddy_summary();
}

// CHECK: OK sinh(0.9).rev
// CHECK: OK erfc(2.5).fwd
// CHECK: OK hypot.fwd.dy
// CHECK: ALL OK

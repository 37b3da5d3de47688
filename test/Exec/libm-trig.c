// Trigonometric functions and their inverses in both modes, against the
// analytic derivatives (themselves checked against central differences).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include "eddy_unary.h"

typedef struct { double dy, dx; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

UNARY(sin, sin(x), cos(x))
UNARY(cos, cos(x), -sin(x))
UNARY(tan, tan(x), 1.0 / (cos(x) * cos(x)))
UNARY(asin, asin(x), 1.0 / sqrt(1.0 - x * x))
UNARY(acos, acos(x), -1.0 / sqrt(1.0 - x * x))
UNARY(atan, atan(x), 1.0 / (1.0 + x * x))
// A composition: the chain rule through three rules.
UNARY(sin_cos_tan, sin(cos(tan(x))),
      cos(cos(tan(x))) * -sin(tan(x)) / (cos(x) * cos(x)))

// atan2(y, x): d/dy = x/(x^2+y^2), d/dx = -y/(x^2+y^2); checked in all four
// quadrants because implementations often special-case the signs.
static double f_atan2(double y, double x) { return atan2(y, x); }

int main(void) {
  CHECK_UNARY(sin, 0.4);
  CHECK_UNARY(sin, -2.5);
  CHECK_UNARY(cos, 0.4);
  CHECK_UNARY(cos, 4.0);
  CHECK_UNARY(tan, 0.3);
  CHECK_UNARY(tan, -1.2);
  CHECK_UNARY(asin, 0.5);
  CHECK_UNARY(asin, -0.9);
  CHECK_UNARY(acos, 0.2);
  CHECK_UNARY(acos, -0.75);
  CHECK_UNARY(atan, 3.0);
  CHECK_UNARY(atan, -0.1);
  CHECK_UNARY(sin_cos_tan, 0.7);

  const double ys[4] = {0.8, 0.8, -0.8, -0.8}, xs[4] = {1.5, -1.5, -1.5, 1.5};
  for (int q = 0; q < 4; ++q) {
    double y = ys[q], x = xs[q], r2 = x * x + y * y;
    D2 g = __enzyme_autodiff_d2((void *)f_atan2, y, x);
    double h = 1e-6; // FD reference for the analytic formula
    double fdy = (atan2(y + h, x) - atan2(y - h, x)) / (2 * h);
    eddy_checkf_tol(x / r2, fdy, EDDY_RTOL_FD, EDDY_ATOL_FD, "atan2[q%d].dy.ref_vs_fd", q, 0);
    eddy_checkf_tol(g.dy, x / r2, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "atan2[q%d].rev.dy", q, 0);
    eddy_checkf_tol(g.dx, -y / r2, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "atan2[q%d].rev.dx", q, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f_atan2, y, 1.0, x, 0.0), x / r2,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "atan2[q%d].fwd.dy", q, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f_atan2, y, 0.0, x, 1.0), -y / r2,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "atan2[q%d].fwd.dx", q, 0);
  }
  return eddy_summary();
}

// CHECK: OK sin(0.4).rev
// CHECK: OK acos(-0.75).fwd
// CHECK: OK atan2[q3].fwd.dx
// CHECK: ALL OK

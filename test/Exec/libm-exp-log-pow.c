// Exponentials, logarithms, roots and powers in both modes, each against its
// analytic derivative (which is itself checked against central differences).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include "eddy_unary.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

// One function and its hand-derived derivative per elementary operation.
UNARY(sqrt, sqrt(x), 0.5 / sqrt(x))
UNARY(cbrt, cbrt(x), 1.0 / (3.0 * cbrt(x) * cbrt(x)))
UNARY(exp, exp(x), exp(x))
UNARY(exp2, exp2(x), log(2.0) * exp2(x))
UNARY(expm1, expm1(x), exp(x))
UNARY(log, log(x), 1.0 / x)
UNARY(log2, log2(x), 1.0 / (x * log(2.0)))
UNARY(log10, log10(x), 1.0 / (x * log(10.0)))
UNARY(log1p, log1p(x), 1.0 / (1.0 + x))
UNARY(pow_const_exp, pow(x, 2.5), 2.5 * pow(x, 1.5))
UNARY(pow_const_base, pow(3.0, x), log(3.0) * pow(3.0, x))
UNARY(powi3, __builtin_powi(x, 3), 3.0 * x * x)
UNARY(powi_neg2, __builtin_powi(x, -2), -2.0 / (x * x * x))

// Reverse (return seeded with 1.0) and forward (tangent 1.0) against the formula.
// pow with both arguments active: d/dx = y x^(y-1), d/dy = x^y log x.
static double f_pow(double x, double y) { return pow(x, y); }
static double f_pow_y(double y) { return pow(1.7, y); }
static double f_pow_x(double x) { return pow(x, 0.6); }

// powi with a runtime exponent: the integer argument is const by default.
static double f_powi_n(double x, int n) { return __builtin_powi(x, n); }

int main(void) {
  CHECK_UNARY(sqrt, 2.0);
  CHECK_UNARY(sqrt, 0.09);
  CHECK_UNARY(cbrt, 5.0);
  CHECK_UNARY(cbrt, -0.4);
  CHECK_UNARY(exp, 0.7);
  CHECK_UNARY(exp, -3.0);
  CHECK_UNARY(exp2, 1.3);
  CHECK_UNARY(expm1, 1e-3);
  CHECK_UNARY(expm1, -1.2);
  CHECK_UNARY(log, 0.25);
  CHECK_UNARY(log, 40.0);
  CHECK_UNARY(log2, 3.0);
  CHECK_UNARY(log10, 0.5);
  CHECK_UNARY(log1p, 1e-4);
  CHECK_UNARY(log1p, 2.0);
  CHECK_UNARY(pow_const_exp, 1.9);
  CHECK_UNARY(pow_const_base, -0.8);
  CHECK_UNARY(powi3, -1.4);
  CHECK_UNARY(powi_neg2, 0.6);

  {
    double x = 1.7, y = 0.6;
    D2 g = __enzyme_autodiff_d2((void *)f_pow, x, y);
    double dx = y * pow(x, y - 1), dy = pow(x, y) * log(x);
    eddy_check_fd("pow.dx.ref_vs_fd", dx, eddy_fd(f_pow_x, x));
    eddy_check_fd("pow.dy.ref_vs_fd", dy, eddy_fd(f_pow_y, y));
    eddy_check("pow.rev.dx", g.dx, dx);
    eddy_check("pow.rev.dy", g.dy, dy);
    eddy_check("pow.fwd.dx", __enzyme_fwddiff((void *)f_pow, x, 1.0, y, 0.0), dx);
    eddy_check("pow.fwd.dy", __enzyme_fwddiff((void *)f_pow, x, 0.0, y, 1.0), dy);
    // A general direction is the linear combination of the columns.
    eddy_check("pow.fwd.dir", __enzyme_fwddiff((void *)f_pow, x, 0.3, y, -2.0),
               0.3 * dx - 2.0 * dy);
  }
  for (int n = -3; n <= 4; ++n) {
    double x = 1.3, ref = n == 0 ? 0.0 : n * __builtin_powi(x, n - 1);
    eddy_checkf_tol(__enzyme_autodiff((void *)f_powi_n, x, n), ref,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "powi_n[%d].rev", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f_powi_n, x, 1.0, n), ref,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "powi_n[%d].fwd", n, 0);
  }
  return eddy_summary();
}

// CHECK: OK sqrt(2.0).rev
// CHECK: OK log1p(2.0).fwd
// CHECK: OK pow.fwd.dir
// CHECK: OK powi_n[4].fwd
// CHECK: ALL OK

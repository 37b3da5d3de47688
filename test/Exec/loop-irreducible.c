// An irreducible loop (two blocks entering each other, the cycle entered at
// either one) in both modes, against the analytic derivative and central
// differences. Regression test: values of such blocks were once kept in the
// per-call record as if they ran once, giving a wrong gradient for n > 1.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// Applies y <- sin(y) * y n times, alternating between two blocks A and B;
// where the cycle is entered depends on n.
static double f(double x, int n) {
  double y = x;
  int k = 0;
  if (n > 100)
    goto B;
A:
  y = sin(y) * y;
  if (++k >= n)
    return y;
B:
  y = sin(y) * y;
  if (++k >= n)
    return y;
  goto A;
}

// d/dy (sin(y) y) = cos(y) y + sin(y), chained n times.
static double df(double x, int n) {
  double y = x, d = 1;
  for (int k = 0; k < n; ++k) {
    d *= cos(y) * y + sin(y);
    y = sin(y) * y;
  }
  return d;
}

static double f3(double x) { return f(x, 3); }

int main(void) {
  for (int n = 1; n <= 6; ++n) {
    double x = 0.9;
    eddy_checkf_tol(__enzyme_autodiff((void *)f, x, enzyme_const, n), df(x, n),
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rev.n%d%.0d", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, n), df(x, n),
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fwd.n%d%.0d", n, 0);
  }
  eddy_check_fd("fd.n3", __enzyme_autodiff((void *)f, 0.9, enzyme_const, 3),
                eddy_fd(f3, 0.9));
  return eddy_summary();
}
// CHECK: ALL OK

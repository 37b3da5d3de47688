// csqrt at z = 0 inside differentiated code: Eddy's own csqrt body (from
// ComplexRuntime.cpp, substituted for libm's) divided 0/0 there and returned
// NaN as the primal value, where libm returns 0; a derivative that uses the
// value was NaN too. Now 0, as libm, at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <complex.h>
#include <eddy/eddy.h>
#include "eddy_check.h"

// a * (re csqrt(c) + im csqrt(c)): the derivative in a is that sum.
static double scaled_root(double a, double re, double im) {
  double complex z = csqrt(__builtin_complex(re, im));
  return a * (creal(z) + cimag(z));
}

int main(void) {
  const double pts[][2] = {{0.0, 0.0}, {-0.0, 0.0}, {0.0, -0.0}, {4.0, 0.0}, {-4.0, 0.0}, {3.0, 4.0}};
  for (int i = 0; i < 6; ++i) {
    double complex r = csqrt(__builtin_complex(pts[i][0], pts[i][1]));
    double want = creal(r) + cimag(r);
    eddy_checkf_tol(__enzyme_autodiff((void *)scaled_root, 2.0, enzyme_const, pts[i][0],
                                      enzyme_const, pts[i][1]),
                    want, EDDY_RTOL_EXACT, 0, "csqrt[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)scaled_root, 2.0, 1.0, enzyme_const, pts[i][0],
                                     enzyme_const, pts[i][1]),
                    want, EDDY_RTOL_EXACT, 0, "csqrt[%d].fwd", i, 0);
  }
  return eddy_summary();
}

// CHECK: ALL OK

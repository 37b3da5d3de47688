// frexp, ldexp and scalbn as Enzyme's tests use them, in both modes, in
// double and float: the mantissa m = x 2^-e has dm/dx = 2^-e (1 at x = 0,
// where e = 0), and ldexp(x, n) = scalbn(x, n) = x 2^n has derivative 2^n.
// The exponent is an integer output and has no derivative.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

float __enzyme_autodiff_f(void *, ...);
float __enzyme_fwddiff_f(void *, ...);

static double mant(double x) {
  int e;
  return frexp(x, &e);
}
static float mantf(float x) {
  int e;
  return frexpf(x, &e);
}
// The exponent used in the value: the derivative still only sees 2^-e.
static double rebuilt(double x) {
  int e;
  double m = frexp(x, &e);
  return ldexp(m * m, e);
}
static double scaled(double x, int n) { return ldexp(x, n) + scalbn(x, -n); }
static float scaledf(float x, int n) { return ldexpf(x, n) * 3.0f; }

int main(void) {
  const double data[] = {0.9, 1.0, 1.2, 2.0, 2.3, 32.0, 33.0, 0.25, 0.26, 0.0,
                         -0.9, -1.0, -1.2, -2.0, -2.3, -33.0, 1e-310};
  const int n = sizeof data / sizeof *data;
  for (int i = 0; i < n; ++i) {
    double x = data[i];
    int e;
    frexp(x, &e);
    double want = ldexp(1.0, -e);
    eddy_checkf_tol(__enzyme_autodiff((void *)mant, x), want, EDDY_RTOL_EXACT, 0,
                    "frexp.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)mant, x, 1.0), want, EDDY_RTOL_EXACT, 0,
                    "frexp.fwd[%d]", i, 0);
    int ef;
    frexpf((float)x, &ef);
    float wantf = ldexpf(1.0f, -ef);
    eddy_checkf_tol(__enzyme_autodiff_f((void *)mantf, (float)x), wantf,
                    EDDY_RTOL_FLOAT, 0, "frexpf.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff_f((void *)mantf, (float)x, 1.0f), wantf,
                    EDDY_RTOL_FLOAT, 0, "frexpf.fwd[%d]", i, 0);
    // rebuilt(x) = m^2 2^e, d/dx = 2 m 2^-e 2^e = 2 m; for a denormal x the
    // factor 2^-e is not representable (docs/edge-values.md).
    double m = frexp(x, &e);
    if (e < -1021)
      continue;
    eddy_checkf_tol(__enzyme_autodiff((void *)rebuilt, x), 2 * m, EDDY_RTOL_EXACT, 0,
                    "rebuilt.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)rebuilt, x, 1.0), 2 * m, EDDY_RTOL_EXACT, 0,
                    "rebuilt.fwd[%d]", i, 0);
  }
  for (int k = -3; k <= 5; ++k) {
    double want = ldexp(1.0, k) + ldexp(1.0, -k);
    eddy_checkf_tol(__enzyme_autodiff((void *)scaled, 1.7, k), want, EDDY_RTOL_EXACT, 0,
                    "ldexp.rev[%d]", k, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)scaled, 1.7, 1.0, k), want, EDDY_RTOL_EXACT,
                    0, "ldexp.fwd[%d]", k, 0);
    eddy_checkf_tol(__enzyme_autodiff_f((void *)scaledf, 1.7f, k), 3.0f * ldexpf(1.0f, k),
                    EDDY_RTOL_FLOAT, 0, "ldexpf.rev[%d]", k, 0);
  }
  return eddy_summary();
}

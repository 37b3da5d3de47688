// The single-precision libm functions (sinf, expf, ...) in both modes. The
// reference is the derivative formula evaluated in double, so the tolerance is
// float's (1e-5 relative); the formula is checked against float central
// differences. The entry points are declared with prototypes: through `...`
// a float argument would be promoted to double.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

float __enzyme_autodiff_f1(void *, float);
float __enzyme_fwddiff_f1(void *, float, float);
typedef struct { float dx, dy; } F2;
F2 __enzyme_autodiff_f2(void *, float, float);
float __enzyme_fwddiff_f2(void *, float, float, float, float);

#define UNARY(name, expr, dexpr)                                               \
  static float f_##name(float x) { return expr; }                              \
  static double d_##name(double x) { return dexpr; }

UNARY(sinf, sinf(x), cos(x))
UNARY(cosf, cosf(x), -sin(x))
UNARY(tanf, tanf(x), 1.0 / (cos(x) * cos(x)))
UNARY(asinf, asinf(x), 1.0 / sqrt(1.0 - x * x))
UNARY(atanf, atanf(x), 1.0 / (1.0 + x * x))
UNARY(expf, expf(x), exp(x))
UNARY(exp2f, exp2f(x), log(2.0) * exp2(x))
UNARY(expm1f, expm1f(x), exp(x))
UNARY(logf, logf(x), 1.0 / x)
UNARY(log2f, log2f(x), 1.0 / (x * log(2.0)))
UNARY(log10f, log10f(x), 1.0 / (x * log(10.0)))
UNARY(log1pf, log1pf(x), 1.0 / (1.0 + x))
UNARY(sqrtf, sqrtf(x), 0.5 / sqrt(x))
UNARY(cbrtf, cbrtf(x), 1.0 / (3.0 * cbrt(x) * cbrt(x)))
UNARY(powf, powf(x, 2.5f), 2.5 * pow(x, 1.5))
UNARY(sinhf, sinhf(x), cosh(x))
UNARY(coshf, coshf(x), sinh(x))
UNARY(tanhf, tanhf(x), 1.0 / (cosh(x) * cosh(x)))
UNARY(erff, erff(x), 1.1283791670955126 * exp(-x * x))
UNARY(fabsf, fabsf(x) * x, 2.0 * fabs(x))
UNARY(powif, __builtin_powif(x, 3), 3.0 * x * x)

#define CHECK_UNARY(name, x0)                                                  \
  do {                                                                         \
    float x = (x0);                                                            \
    double ref = d_##name((double)x);                                          \
    eddy_check_tol(#name "(" #x0 ").ref_vs_fd", ref, eddy_fd_float(f_##name, x), \
                   EDDY_RTOL_FD_FLOAT, EDDY_ATOL_FD_FLOAT);                    \
    eddy_check_tol(#name "(" #x0 ").rev", __enzyme_autodiff_f1((void *)f_##name, x), \
                   ref, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);                     \
    eddy_check_tol(#name "(" #x0 ").fwd",                                      \
                   __enzyme_fwddiff_f1((void *)f_##name, x, 1.0f), ref,        \
                   EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);                          \
  } while (0)

// Two active floats: returned as a struct of two floats (which the x86-64 C
// ABI passes as one <2 x float> vector register).
static float f_atan2f(float y, float x) { return atan2f(y, x); }

int main(void) {
  CHECK_UNARY(sinf, 0.4f);
  CHECK_UNARY(cosf, -1.1f);
  CHECK_UNARY(tanf, 0.3f);
  CHECK_UNARY(asinf, 0.5f);
  CHECK_UNARY(atanf, 2.0f);
  CHECK_UNARY(expf, 0.7f);
  CHECK_UNARY(exp2f, -1.3f);
  CHECK_UNARY(expm1f, 0.01f);
  CHECK_UNARY(logf, 2.5f);
  CHECK_UNARY(log2f, 3.0f);
  CHECK_UNARY(log10f, 0.5f);
  CHECK_UNARY(log1pf, 0.2f);
  CHECK_UNARY(sqrtf, 2.0f);
  CHECK_UNARY(cbrtf, 5.0f);
  CHECK_UNARY(powf, 1.9f);
  CHECK_UNARY(sinhf, 0.9f);
  CHECK_UNARY(coshf, -0.6f);
  CHECK_UNARY(tanhf, 0.5f);
  CHECK_UNARY(erff, 0.4f);
  CHECK_UNARY(fabsf, -1.5f);
  CHECK_UNARY(powif, 1.2f);

  float y = 0.8f, x = -1.5f;
  double r2 = (double)x * x + (double)y * y;
  F2 g = __enzyme_autodiff_f2((void *)f_atan2f, y, x);
  eddy_check_tol("atan2f.rev.dy", g.dx, x / r2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("atan2f.rev.dx", g.dy, -y / r2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("atan2f.fwd.dy", __enzyme_fwddiff_f2((void *)f_atan2f, y, 1.0f, x, 0.0f),
                 x / r2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("atan2f.fwd.dx", __enzyme_fwddiff_f2((void *)f_atan2f, y, 0.0f, x, 1.0f),
                 -y / r2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

// CHECK: OK sinf(0.4f).rev
// CHECK: OK powif(1.2f).fwd
// CHECK: OK atan2f.fwd.dx
// CHECK: ALL OK

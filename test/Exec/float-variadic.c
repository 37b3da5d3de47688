// eddy.h's float entry points are variadic, so a float argument reaches them
// promoted to double (C's default argument promotion) while the function
// takes a float; the derivative must still be the float function's. (The
// prototyped form is tested in libm-float.c.)
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static float f(float x) { return sinf(x) * x; }
static float g(float x, float y) { return x * y * y; }

int main(void) {
  float x = 0.8f, y = -1.5f;
  double ref = cos(0.8f) * 0.8f + sin(0.8f);
  eddy_check_tol("f.rev", __enzyme_autodiff_float((void *)f, x), ref, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("f.fwd", __enzyme_fwddiff_float((void *)f, x, 1.0f), ref, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("g.rev.dy", __enzyme_autodiff_float((void *)g, enzyme_const, x, y), 2.0 * x * y,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("g.fwd.dx", __enzyme_fwddiff_float((void *)g, x, 1.0f, y, 0.0f), (double)y * y,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

// CHECK: OK f.rev
// CHECK: OK g.fwd.dx
// CHECK: ALL OK

// void *__enzyme_function_like[2] = {fn, "log1p"}: calls of fn get the
// derivative of libm's log1p (its value is still fn's), in reverse, forward
// and vector forward mode, whether fn is inlinable or external, at every
// level. The body (2a) would give 2; log1p's rule gives 1 / (1 + a).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static inline double log1p_like(double a) { return 2 * a; }
void *__enzyme_function_like[2] = {(void *)log1p_like, "log1p"};

// A second registration (any global whose name contains the prefix), for an
// external float function behaving like atan2f.
float angle(float y, float x) { return y + x; }
void *__enzyme_function_like_angle[2] = {(void *)angle, "atan2f"};

static double f(double a) { return log1p_like(a) * a; }
static float g(float y) { return angle(y, 2.0f); }

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

int main(void) {
  double a = 2.0;
  // d(L(a) a) = L'(a) a + L(a), with L' = 1 / (1 + a) and L(a) = 2a.
  double want = a / (1 + a) + 2 * a;
  eddy_check("rev", __enzyme_autodiff((void *)f, a), want);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, a, 1.0), want);
  T2 t = __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, a, 1.0, 3.0);
  eddy_check("fwd.w2.0", t.t[0], want);
  eddy_check("fwd.w2.1", t.t[1], 3 * want);
  eddy_check("primal", f(a), 2 * a * a);
  // d atan2(y, x)/dy = x / (x^2 + y^2) at x = 2.
  float y = 0.5f;
  eddy_check_tol("atan2f.rev", __enzyme_autodiff_float((void *)g, y),
                 2.0f / (4.0f + y * y), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("atan2f.fwd", __enzyme_fwddiff_float((void *)g, y, 1.0f),
                 2.0f / (4.0f + y * y), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

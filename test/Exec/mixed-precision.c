// float <-> double conversions inside differentiated code, and a function
// taking a float and a double: derivatives flow through fptrunc/fpext with
// derivative 1, and the float-precision parts are checked at float tolerance.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// double -> float -> double round trip around a float computation.
static double through_float(double x) {
  float xf = (float)x;
  float s = sinf(xf) * xf; // computed in float
  return (double)s + x * x; // and back, plus an all-double term
}

// A float and a double argument; the result is double.
static double mixed_args(float a, double b) { return a * b + (double)(a * a) + exp(b); }

// The reverse result for (float, double): a struct of a float and a double,
// declared with a prototype so the float is not promoted by `...`.
typedef struct { float da; double db; } FD;
FD __enzyme_autodiff_fd(void *, float, double);
double __enzyme_fwddiff_fd(void *, float, float, double, double);

// float result from double work.
static float to_float(double x) { return (float)(x * x * x); }
float __enzyme_autodiff_tf(void *, double);
float __enzyme_fwddiff_tf(void *, double, double);

// The same formula all in double, for the finite-difference check of the
// analytic partials (a float argument would quantize the FD step).
static double mixed_args_d(double a, double b) { return a * b + a * a + exp(b); }
static double f_mixed_a(double a) { return mixed_args_d(a, -0.3); }
static double f_mixed_b(double b) { return mixed_args_d(1.25, b); }

int main(void) {
  double x = 0.8;
  double ref = cos(x) * x + sin(x) + 2 * x;
  eddy_check_tol("through_float.ref_vs_fd", ref, eddy_fd(through_float, x), 1e-5, 1e-5);
  eddy_check_tol("through_float.rev", __enzyme_autodiff((void *)through_float, x), ref,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("through_float.fwd", __enzyme_fwddiff((void *)through_float, x, 1.0), ref,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // d/da = b + 2a (a is exactly representable), d/db = a + exp(b).
  float a = 1.25f;
  double b = -0.3;
  double rda = b + 2.0 * a, rdb = a + exp(b);
  eddy_check_fd("mixed_args.da.ref_vs_fd", rda, eddy_fd(f_mixed_a, a));
  eddy_check_fd("mixed_args.db.ref_vs_fd", rdb, eddy_fd(f_mixed_b, b));
  FD g = __enzyme_autodiff_fd((void *)mixed_args, a, b);
  eddy_check_tol("mixed_args.rev.da", g.da, rda, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check("mixed_args.rev.db", g.db, rdb);
  eddy_check_tol("mixed_args.fwd.da", __enzyme_fwddiff_fd((void *)mixed_args, a, 1.0f, b, 0.0),
                 rda, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check("mixed_args.fwd.db", __enzyme_fwddiff_fd((void *)mixed_args, a, 0.0f, b, 1.0), rdb);

  double t = 1.1;
  eddy_check_tol("to_float.rev", __enzyme_autodiff_tf((void *)to_float, t), 3 * t * t,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("to_float.fwd", __enzyme_fwddiff_tf((void *)to_float, t, 1.0), 3 * t * t,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

// CHECK: OK through_float.rev
// CHECK: OK mixed_args.rev.da
// CHECK: OK mixed_args.rev.db
// CHECK: OK to_float.fwd
// CHECK: ALL OK

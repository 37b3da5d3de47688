// Custom derivative rules for a function whose body Eddy cannot see (a
// "library" function defined in another translation unit) and for one it
// should not differentiate (a stable formula), used by both modes and by forward
// over reverse (a Hessian-vector product through the adjoint rule).
// softplus(x) = log(1 + exp(x)): d/dx = sigmoid(x).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s %S/Inputs/softplus-lib.c -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// The "library" function: declared only; its body is in Inputs/softplus-lib.c.
double lib_softplus(double x);

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

// Rules: tangent returns the tangent of the result; the adjoint adds into *dx.
static double softplus_tangent(double x, double dx) { return sigmoid(x) * dx; }
static void softplus_adjoint(double x, double *dx, double dret) { *dx += sigmoid(x) * dret; }
EDDY_TANGENT_RULE(lib_softplus, softplus_tangent)
EDDY_ADJOINT_RULE(lib_softplus, softplus_adjoint)

// A visible function with a deliberately different (wrong) body: the rule,
// not the body, must be used — proving the rule wins over differentiation.
static __attribute__((noinline)) double twice(double x) { return 3.0 * x; }
static double twice_tangent(double x, double dx) { return 2.0 * dx; }
static void twice_adjoint(double x, double *dx, double dret) { *dx += 2.0 * dret; }
EDDY_TANGENT_RULE(twice, twice_tangent)
EDDY_ADJOINT_RULE(twice, twice_adjoint)

static double f(double x, double y) { return lib_softplus(x * y) + twice(y) * x; }

// g(x) = d f / d x at (x, y = 0.5), for forward over reverse.
static double dfdx(double x) {
  typedef struct { double dx, dy; } D2;
  extern D2 __enzyme_autodiff_f(void *, ...);
  return __enzyme_autodiff_f((void *)f, x, 0.5).dx;
}

int main(void) {
  double x = 0.7, y = 0.5;
  typedef struct { double dx, dy; } D2;
  extern D2 __enzyme_autodiff_f2(void *, ...);
  D2 g = __enzyme_autodiff_f2((void *)f, x, y);
  // twice's value is its body's (3y); its derivative is the rule's (2):
  // df/dx = y s(xy) + 3y, df/dy = x s(xy) + 2x.
  double s = sigmoid(x * y);
  eddy_check("rev.dx", g.dx, y * s + 3 * y);
  eddy_check("rev.dy", g.dy, x * s + 2 * x);
  eddy_check("fwd.dx", __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), y * s + 3 * y);
  eddy_check("fwd.dy", __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0), x * s + 2 * x);
  // d2f/dx2 = y^2 s (1 - s), by forward mode over the reverse gradient (whose
  // adjoint rule for lib_softplus is itself differentiated).
  eddy_check("hess.xx", __enzyme_fwddiff((void *)dfdx, x, 1.0), y * y * s * (1 - s));
  return eddy_summary();
}
// CHECK: ALL OK

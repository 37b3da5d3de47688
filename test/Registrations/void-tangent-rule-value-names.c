// A tangent rule of a void function, where Clang keeps value names
// (-fno-discard-value-names; the sanitizers keep them too). The rule's call
// was named "<call>.tangent", and a named void call is invalid IR: Eddy
// stopped with "internal error: generated invalid IR". Forward over reverse
// hits it without any user rule: the tape's own acquire/release functions are
// void and have tangent rules. Found by --param eddy_sanitize=1 on
// custom-rules.c (docs/sanitizers.md).
//
// RUN: %levels %eddy-clang -fno-discard-value-names -I%S/../Inputs %s %S/Inputs/scale-lib.c -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// x[0] *= 3, in another translation unit.
void lib_triple(double *x);

static void triple_tangent(double *x, double *dx) {
  x[0] *= 3.0;
  dx[0] *= 3.0;
}
EDDY_TANGENT_RULE(lib_triple, triple_tangent)

static double f(double x) {
  double a[1] = {x * x};
  lib_triple(a);
  return a[0];
}

// g(x) = d/dx (x^2 y) at y = x: forward over reverse, no user rule involved.
static double h(double x, double y) { return x * x * y; }
static double g(double x) {
  typedef struct { double dx, dy; } D2;
  extern D2 __enzyme_autodiff_h(void *, ...);
  return __enzyme_autodiff_h((void *)h, x, 0.5).dx;
}

int main(void) {
  double x = 0.7;
  eddy_check("fwd.rule", __enzyme_fwddiff((void *)f, x, 1.0), 6.0 * x);
  eddy_check("fwd.over.rev", __enzyme_fwddiff((void *)g, x, 1.0), 2.0 * 0.5);
  return eddy_summary();
}
// CHECK: ALL OK

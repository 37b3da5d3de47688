// A data-dependent loop that runs 200000 iterations: the reverse sweep's tape
// cannot be preallocated and must grow (and the test must stay fast). The
// iteration is x <- x + h (a - x^3) (explicit Euler towards cbrt(a)), until
// |a - x^3| < 1e-9 or a step budget runs out; d/da of the limit is
// 1/(3 cbrt(a)^2), and the hand-written tangent of the same loop is the
// exact reference.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static double relax(double a, double h) {
  double x = 1.0;
  long k = 0;
  while (fabs(a - x * x * x) > 1e-9 && k < 200000) {
    x += h * (a - x * x * x);
    ++k;
  }
  return x;
}
static double relax_tangent(double a, double h, long *steps) {
  double x = 1.0, dx = 0.0;
  long k = 0;
  while (fabs(a - x * x * x) > 1e-9 && k < 200000) {
    dx += h * (1.0 - 3 * x * x * dx);
    x += h * (a - x * x * x);
    ++k;
  }
  *steps = k;
  return dx;
}

int main(void) {
  double a = 2.0, h = 1e-5; // converges slowly: the budget ends the loop
  long steps;
  double ref = relax_tangent(a, h, &steps);
  eddy_check_eq("relax.ran_200000_steps", steps, 200000);
  eddy_check_tol("relax.rev", __enzyme_autodiff((void *)relax, a, enzyme_const, h), ref, 1e-10, 1e-14);
  eddy_check_tol("relax.fwd", __enzyme_fwddiff((void *)relax, a, 1.0, enzyme_const, h), ref, 1e-10, 1e-14);
  h = 1e-2; // converges: a data-dependent number of steps
  ref = relax_tangent(a, h, &steps);
  eddy_check_eq("relax.converged", steps < 200000, 1);
  eddy_check_tol("relax.converged.ref_vs_limit", ref, 1.0 / (3 * cbrt(a) * cbrt(a)), 1e-6, 1e-9);
  eddy_check_tol("relax.converged.rev", __enzyme_autodiff((void *)relax, a, enzyme_const, h), ref, 1e-10, 1e-14);
  eddy_check_tol("relax.converged.fwd", __enzyme_fwddiff((void *)relax, a, 1.0, enzyme_const, h), ref, 1e-10, 1e-14);
  return eddy_summary();
}

// CHECK: OK relax.rev
// CHECK: OK relax.converged.rev
// CHECK: ALL OK

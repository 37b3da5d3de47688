// Forward over reverse through an Enzyme reverse rule: the gradient calls the
// registered augmented forward and reverse, and forward mode differentiates
// those (their bodies are visible), as it does Eddy's own adjoint rules. The
// rule is deliberately 3x for d(x^2): the second derivative of
// x^2 * x by the rule is d/dx (3x * x + x^2) = 8x.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <stdlib.h>

static double sq(double x) { return x * x; }
typedef struct { double *tape; double result; } SqAug;
static SqAug sq_aug(double x) {
  double *tape = malloc(sizeof(double));
  *tape = x;
  SqAug r = {tape, x * x};
  return r;
}
static double sq_rev(double x, double dret, double *tape) {
  (void)x;
  double d = 3.0 * *tape * dret;
  free(tape);
  return d;
}
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)sq_aug, (void *)sq_rev};

static double f(double x) { return sq(x) * x; }
static double df(double x) { return __enzyme_autodiff((void *)f, x); }

int main(void) {
  double x = 0.6;
  eddy_check("grad", df(x), 3 * x * x + x * x);
  eddy_check("hess", __enzyme_fwddiff((void *)df, x, 1.0), 8 * x);
  return eddy_summary();
}

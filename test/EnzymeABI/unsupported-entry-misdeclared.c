// Names that look like entry points but are not requests are ordinary code,
// at every level, and nothing crashes: a defined __enzyme_autodiff (a user's
// own function with a body), a variable named like an unsupported entry
// point, and a defined function with such a name. Requests in the same unit
// still work.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include "eddy_check.h"

// The user's own function: called as itself, never served.
double __enzyme_autodiff(void *f, double x) {
  return ((double (*)(double))f)(x) + 100.0;
}
double __enzyme_todense = 2.5;
static double __enzyme_trace(double x) { return 3.0 * x; }

double __enzyme_fwddiff(void *, ...);

static double sq(double x) { return x * x; }

int main(void) {
  eddy_check("defined.autodiff", __enzyme_autodiff((void *)sq, 3.0), 109.0);
  eddy_check("variable.todense", __enzyme_todense * 2, 5.0);
  eddy_check("defined.trace", __enzyme_trace(2.0), 6.0);
  eddy_check("request.fwddiff", __enzyme_fwddiff((void *)sq, 3.0, 1.0), 6.0);
  return eddy_summary();
}

// enzyme_inactive on an `extern` variable that this program declares but
// never defines (a header's declaration) and never uses: Eddy's registration
// of it ({&v}) must not outlive Eddy's pass, or the program fails to link,
// at every level. (Enzyme's customglob.cpp has this shape.) The registration
// arrays are dropped once read; the derivative still honours them.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

__attribute__((enzyme_inactive)) extern double never_defined;
__attribute__((enzyme_inactive)) double log_scale = 2.0;
__attribute__((enzyme_inactive)) extern double declared_elsewhere(double);

static double f(double x) {
  log_scale = x * x; // Inactive: what it holds carries no derivative.
  return x * x * x;
}

int main(void) {
  double x = 1.5;
  eddy_check("rev", __enzyme_autodiff((void *)f, x), 3 * x * x);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, x, 1.0), 3 * x * x);
  return eddy_summary();
}

// The remedy of refuse-store-to-global.c applied: the memory that receives
// the active value is passed in with enzyme_dup instead of being a global.
// f(x, last) = y + *last after *last = y = x^2, so df/dx = 4x, and the shadow
// of `last` is consumed (left 0).
// RUN: %levels %eddy-clang %s -o %t -- FileCheck %s
#include <stdio.h>
extern int enzyme_dup, enzyme_out;
double __enzyme_autodiff(void *, ...);

double f(double x, double *last) {
  double y = x * x;
  *last = y;
  return y + *last;
}

int main(void) {
  double last = 0, dlast = 0;
  double g = __enzyme_autodiff((void *)f, enzyme_out, 1.5, enzyme_dup, &last, &dlast);
  printf("%.6f %.6f %.6f\n", g, last, dlast);
  return 0;
}
// CHECK: 6.000000 2.250000 0.000000

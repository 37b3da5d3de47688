// The remedy of refuse-external-call.c applied: `ext` is given a body in this
// translation unit. It compiles at -O0 and -O2 and both modes give the right
// derivative of f(x) = ext(x^2) + 1, ext(y) = sin(y) y:
//   f'(x) = (cos(x^2) x^2 + sin(x^2)) 2x.
// RUN: %levels %eddy-clang %s -o %t -- FileCheck %s
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

double ext(double y) { return sin(y) * y; }

double f(double x) {
  double y = x * x;
  return ext(y) + 1.0;
}

int main(void) {
  double x = 0.9, y = x * x;
  double ref = (cos(y) * y + sin(y)) * 2 * x;
  printf("ref %.6f\n", ref);
  printf("rev %.6f\n", __enzyme_autodiff((void *)f, x));
  printf("fwd %.6f\n", __enzyme_fwddiff((void *)f, x, 1.0));
  return 0;
}
// CHECK: ref [[REF:[-0-9.]+]]
// CHECK-NEXT: rev [[REF]]
// CHECK-NEXT: fwd [[REF]]

// A double copied through a uint64_t (memcpy there and back) or through a
// union, without changing the bits: not refused, and correct -- Eddy's
// canonicalization (SROA) removes the integer round trip before
// differentiating, at -O0 as at -O2. f(x) = g(x) = copy(x) * x, derivative 2x.
// (Editing the bits as an integer is a different story: refuse-type-pun-bits.c.)
// RUN: %levels %eddy-clang %s -o %t -- FileCheck %s
#include <stdint.h>
#include <stdio.h>
#include <string.h>
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

double f(double x) {
  uint64_t u;
  memcpy(&u, &x, 8);
  double y;
  memcpy(&y, &u, 8);
  return y * x;
}

double g(double x) {
  union { double d; uint64_t u; } a, b;
  a.d = x;
  b.u = a.u;
  return b.d * x;
}

int main(void) {
  printf("%.6f %.6f\n", __enzyme_autodiff((void *)f, 2.5), __enzyme_fwddiff((void *)f, 2.5, 1.0));
  printf("%.6f %.6f\n", __enzyme_autodiff((void *)g, -1.5), __enzyme_fwddiff((void *)g, -1.5, 1.0));
  return 0;
}
// CHECK: 5.000000 5.000000
// CHECK-NEXT: -3.000000 -3.000000

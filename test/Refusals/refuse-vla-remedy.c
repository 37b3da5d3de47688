// The remedy of refuse-vla.c applied: the local array gets a constant size.
// f(x, n) = sum_{i<n} (x i)^2, df/dx = 2 x sum i^2 = 2 * 1.5 * 30 = 90 for n = 5.
// RUN: %levels %eddy-clang %s -o %t -- FileCheck %s
#include <stdio.h>
double __enzyme_autodiff(void *, ...);

double f(double x, int n) {
  double a[16];
  for (int i = 0; i < n; ++i)
    a[i] = x * i;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}

int main(void) {
  printf("%.6f\n", __enzyme_autodiff((void *)f, 1.5, 5));
  return 0;
}
// CHECK: 90.000000

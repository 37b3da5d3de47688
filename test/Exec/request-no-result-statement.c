// A reverse request whose f has no active scalar parameter, written as a
// statement (also after a cast to void, and left of a comma), with the
// `double`-returning default entry point: accepted at every level, and the
// adjoints land in the shadow. test/Diagnostics/request-no-result.c has the
// forms that use the (absent) result.
//
// RUN: %eddy-clang -O0 -I%S/../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O1 -I%S/../Inputs %s -o %t1 && %run %t1 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O3 -I%S/../Inputs %s -o %t3 && %run %t3 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

/* f(a) = sum a_i^2 * c: df/da_i = 2 a_i c. */
double f(double *a, int *n, double *c) {
  double s = 0;
  for (int i = 0; i < *n; ++i)
    s += a[i] * a[i] * c[0];
  return s;
}

int main(void) {
  double a[3] = {1.0, -2.0, 0.5}, c = 1.5;
  int n = 3;
  double da[3] = {0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, a, da, enzyme_const, &n,
                    enzyme_const, &c);
  (void)__enzyme_autodiff((void *)f, a, da, enzyme_const, &n, enzyme_const,
                          &c);
  int k = (__enzyme_autodiff((void *)f, a, da, enzyme_const, &n, enzyme_const,
                             &c),
           7);
  /* Three requests, each adding its adjoint into da. */
  for (int i = 0; i < 3; ++i)
    eddy_check("da", da[i], 3 * 2 * a[i] * c);
  eddy_check_eq("k", k, 7);
  return eddy_summary();
}
// CHECK: ALL OK

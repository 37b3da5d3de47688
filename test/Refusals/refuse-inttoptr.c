// A pointer to differentiated memory rebuilt from an integer (ptrtoint,
// arithmetic, inttoptr) is refused: its shadow would be lost. Regression test:
// f(x) = x[1] * x[0] used to get the gradient (5, 0) instead of (5, 3).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
void __enzyme_autodiff(void *, ...);

double f(double *x) {
  uintptr_t a = (uintptr_t)x;
  // CHECK: refuse-inttoptr.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*}}integer
  double *p = (double *)(a + 8);
  return p[0] * x[0];
}

void g(double *x, double *dx) { __enzyme_autodiff((void *)f, x, dx); }

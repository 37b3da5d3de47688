// XFAIL: *
// BUG: silently wrong derivative. A pointer to differentiated memory that
// goes through an integer (ptrtoint, arithmetic, inttoptr) loses its shadow:
// activity analysis stops at ptrtoint and ShadowMemory::visitPointer gives
// inttoptr no shadow ("inttoptr: no shadow"), so the load through it is
// inactive and nothing is refused. Here f(x) = x[1] * x[0] gets the gradient
// (5, 0) instead of (5, 3) at -O0 and at -O2. Eddy must refuse the
// integer-to-pointer cast of differentiated memory (or track it).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
void __enzyme_autodiff(void *, ...);

double f(double *x) {
  uintptr_t a = (uintptr_t)x;
  // CHECK: refuse-inttoptr.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*}}integer
  double *p = (double *)(a + 8);
  return p[0] * x[0];
}

void g(double *x, double *dx) { __enzyme_autodiff((void *)f, x, dx); }

// Floating-point values rebuilt from integer bits read out of differentiated
// memory (here a sign flip done on the bits) are refused: the derivative
// cannot follow integer operations, and must not silently vanish.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
#include <string.h>
double __enzyme_autodiff(void *, ...);

double f(double *x) {
  uint64_t u;
  memcpy(&u, x, 8);
  u ^= UINT64_C(1) << 63;
  double y;
  // At -O1 and above the bits are loaded together with x[0]'s value; that
  // load is taken as the double, and the refusal names the first memcpy.
  // CHECK: refuse-int-bits-from-memory.c:{{14|20}}:{{[0-9]+}}: error: eddy: {{.*}}integer
  memcpy(&y, &u, 8);
  return y * x[0];
}

void g(double *x, double *dx) { __enzyme_autodiff((void *)f, x, dx); }

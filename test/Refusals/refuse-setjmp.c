// setjmp/longjmp inside the differentiated function is refused: a longjmp
// skips the sweeps (and the tape entries of the blocks it jumps over).
// Regression test: this used to be accepted, and at -O0 the derivative of
// f(10) came out as 20 instead of 60.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <setjmp.h>
double __enzyme_autodiff(void *, ...);
static jmp_buf env;

double f(double x) {
  double y = x * x;
  // CHECK: refuse-setjmp.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*}}setjmp
  if (setjmp(env))
    return y;
  y = y * 3.0;
  if (y > 100.0)
    longjmp(env, 1);
  return y;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

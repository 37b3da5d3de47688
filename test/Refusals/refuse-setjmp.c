// XFAIL: *
// BUG: setjmp/longjmp inside the differentiated function is accepted without
// a diagnostic. A longjmp abandons the forward sweep's tape entries of the
// blocks it skips, and after it the primal and the derivative disagree: at
// -O0 the primal f(10) returns y = 300 (y lives in memory and was tripled
// before the longjmp), while Eddy differentiates its SSA copy, where y is
// still x*x, and returns 20 (= d x^2/dx) instead of 60. Eddy should refuse
// returns_twice calls (setjmp) in differentiated code.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
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

// The copies every request makes (BodyCloning.cpp) at each level: a loop
// whose body is a switch (phis, case successors, a value carried around the
// loop), with a noinline callee (its own copy and derivative) and a local
// array, differentiated in both modes and checked against the analytic
// derivative. The same program, as IR, is test/IR/body-cloning.ll.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

__attribute__((noinline)) static double scale(double a, double x) { return a * x; }

// acc_0 = x; step i: (i % 3 == 0) acc *= x, (1) acc += x, (2) acc = scale(acc, 1.5);
// the steps' results are also kept in t[i % 4] and the last one returned plus t[0].
static double f(double x, int n) {
  double acc = x, t[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; ++i) {
    switch (i % 3) {
    case 0: acc = acc * x; break;
    case 1: acc = acc + x; break;
    default: acc = scale(acc, 1.5); break;
    }
    t[i % 4] = acc;
  }
  return acc + t[0];
}

int main(void) {
  double x = 0.7;
  // n = 5: acc = 1.5 x^3 + 1.5 x^2 + x, t[0] = step 4's acc (= acc, i = 4), so
  // f = 2 (1.5 x^3 + 1.5 x^2 + x) and f' = 9 x^2 + 6 x + 2.
  double want = 9 * x * x + 6 * x + 2;
  eddy_check("fwd", __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, 5), want);
  eddy_check("rev", __enzyme_autodiff((void *)f, x, enzyme_const, 5), want);
  // n = 7: two more steps (i = 5: *1.5, i = 6: *x); t[0] still step 4's value.
  // acc7 = 1.5 x (1.5 x^3 + 1.5 x^2 + x) = 2.25 x^4 + 2.25 x^3 + 1.5 x^2.
  double want7 = 9 * x * x * x + 6.75 * x * x + 3 * x + (4.5 * x * x + 3 * x + 1);
  eddy_check("fwd7", __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, 7), want7);
  eddy_check("rev7", __enzyme_autodiff((void *)f, x, enzyme_const, 7), want7);
  return eddy_summary();
}

// CHECK: OK fwd
// CHECK: OK rev
// CHECK: OK fwd7
// CHECK: OK rev7
// CHECK: ALL OK

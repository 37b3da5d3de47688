// Reverse mode needs an adjoint rule; a function with only a tangent rule is
// refused there, naming the remedy.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>
double ext(double x);
static double ext_tangent(double x, double dx) { return dx; }
EDDY_TANGENT_RULE(ext, ext_tangent)

double f(double x) {
  // CHECK: missing-adjoint-rule.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: 'ext' has a registered tangent rule but no adjoint rule, which reverse mode needs; register one with EDDY_ADJOINT_RULE
  return ext(x) * x;
}
double g(double x) { return __enzyme_autodiff((void *)f, x); }

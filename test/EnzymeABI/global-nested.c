// A derivative of a function that writes a global, differentiated again
// (forward over reverse): the inner and the outer derivative would share the
// global's shadow (the inner request zeroes what the outer one keeps there),
// so the inner request is refused, at every level.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

double g;
double f(double x) {
  g = x * x;
  return g * x;
}
// CHECK: global-nested.c:[[@LINE+1]]:30: error: eddy: this request differentiates 'f', which reads or writes a global variable with a shadow, inside code that another request differentiates (nested derivatives, e.g. forward over reverse): both would use the same shadow of the global; pass that data as an argument with enzyme_dup instead
double df(double x) { return __enzyme_autodiff((void *)f, x); }
double ddf(double x) { return __enzyme_fwddiff((void *)df, x, 1.0); }

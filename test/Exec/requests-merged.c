// Requests in the two arms of a conditional: at -O2 the optimizer merges
// `which ? __enzyme_autodiff(f, x) : __enzyme_autodiff(g, x)` into one call
// of `select(which, f, g)`. Eddy splits it again before it reads the
// requests, so the program is accepted at every level with the same
// derivatives (it was refused at -O2 only). Also nested (three functions),
// a request whose result is unused, and forward mode; each against the
// analytic derivative.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static double f(double x) { return x * x * x; }
static double g(double x) { return sin(x); }
static double h(double x) { return exp(0.5 * x); }

__attribute__((noinline)) static double two(int which, double x) {
  return which ? __enzyme_autodiff((void *)f, x) : __enzyme_autodiff((void *)g, x);
}

__attribute__((noinline)) static double three(int which, double x) {
  return which == 0   ? __enzyme_autodiff((void *)f, x)
         : which == 1 ? __enzyme_autodiff((void *)g, x)
                      : __enzyme_autodiff((void *)h, x);
}

__attribute__((noinline)) static double tangent(int which, double x) {
  return which ? __enzyme_fwddiff((void *)f, x, 1.0)
               : __enzyme_fwddiff((void *)g, x, 1.0);
}

static double sink;
__attribute__((noinline)) static void unused(int which, double x) {
  double d = which ? __enzyme_autodiff((void *)f, x) : __enzyme_autodiff((void *)g, x);
  sink = d;
}

int main(void) {
  double x = 0.7;
  eddy_check("two.f", two(1, x), 3 * x * x);
  eddy_check("two.g", two(0, x), cos(x));
  eddy_check("three.f", three(0, x), 3 * x * x);
  eddy_check("three.g", three(1, x), cos(x));
  eddy_check("three.h", three(2, x), 0.5 * exp(0.5 * x));
  eddy_check("tangent.f", tangent(1, x), 3 * x * x);
  eddy_check("tangent.g", tangent(0, x), cos(x));
  unused(0, x);
  eddy_check("unused.g", sink, cos(x));
  return eddy_summary();
}

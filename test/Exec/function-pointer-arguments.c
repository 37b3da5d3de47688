// A differentiated function passes functions to a callee that calls them
// through its parameter, directly and through a second callee. At -O1 and
// above IPSCCP specializes the callees on the pointer; at -O0 Eddy does the
// same in the copy it differentiates (specializeFunctionArguments), so the
// verdict and the derivatives do not depend on the level (-O0 used to refuse
// the call through the parameter). Both modes, against the analytic
// derivative; the program's own callees stay as they are (f is also called).
// RUN: %levels %eddy-clang %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static double sq(double x) { return x * x; }
static double wave(double x) { return sin(x); }

__attribute__((noinline)) static double apply(double (*fn)(double), double x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += fn(x + 0.1 * i) * (i + 1);
  return s;
}

__attribute__((noinline)) static double twice(double (*fn)(double), double x) {
  return apply(fn, x, 3) + apply(fn, 2 * x, 2);
}

double f(double x) { return apply(sq, x, 4) + twice(wave, x); }

static double df_ref(double x) {
  double d = 0;
  for (int i = 0; i < 4; ++i)
    d += (i + 1) * 2 * (x + 0.1 * i);
  for (int i = 0; i < 3; ++i)
    d += (i + 1) * cos(x + 0.1 * i);
  for (int i = 0; i < 2; ++i)
    d += (i + 1) * 2 * cos(2 * x + 0.1 * i);
  return d;
}

static void check(const char *what, double got, double want) {
  printf("%s %s got %.17g want %.17g\n",
         fabs(got - want) <= 1e-12 * (1 + fabs(want)) ? "OK" : "FAIL", what, got, want);
}

int main(void) {
  for (double x = -1.0; x <= 1.0; x += 1.0) {
    // CHECK-COUNT-3: OK reverse
    check("reverse", __enzyme_autodiff((void *)f, x), df_ref(x));
  }
  for (double x = -1.0; x <= 1.0; x += 1.0) {
    // CHECK-COUNT-3: OK forward
    check("forward", __enzyme_fwddiff((void *)f, x, 1.0), df_ref(x));
  }
  // CHECK: OK primal
  check("primal", f(0.5), apply(sq, 0.5, 4) + apply(wave, 0.5, 3) + apply(wave, 1.0, 2));
  return 0;
}

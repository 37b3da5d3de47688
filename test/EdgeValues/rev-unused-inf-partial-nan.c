// Regression test for a bug fixed in 14f8504. It was (reverse mode):
// An intermediate that does not reach the result still
// multiplies its zero adjoint by its local partial derivative, and when that
// partial is infinite, 0 * Inf = NaN poisons the gradient of a function that
// is finite and smooth at the point. The common case is a numerically stable
// formula that computes a value which overflows and then does not use it:
//   double e = exp(x); return x > 30 ? x : log1p(e);     (softplus)
// at x = 1000: f = 1000, f' = 1; forward mode gives 1, reverse mode NaN. The
// branch becomes a select, the select gives e the adjoint 0, and exp's adjoint
// rule forms 0 * exp(1000) = 0 * Inf. The same happens to a value stored into
// memory and overwritten before it is read (the store's adjoint is the zeroed
// shadow). (Written as x > 30 ? x : log1p(exp(x)), exp is not executed for
// x > 30 and the gradient is right.)
// The fix: a contribution whose adjoint is structurally or numerically zero
// must add nothing (e.g. select(adj == 0, 0, adj * partial) in the rule
// application of ReverseSweep.cpp, Enzyme's "strong zero"), at least for the
// adjoints produced by select and by overwritten stores.
// Found while writing the edge-value tests (docs/edge-values.md).
//
// RUN: %levels %eddy-clang %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>

static int fails;
static void check(const char *what, double got, double want) {
  if (!(got == want)) {
    ++fails;
    printf("FAIL %s: got %g want %g\n", what, got, want);
  }
}

static double softplus(double x) {
  double e = exp(x);
  return x > 30 ? x : log1p(e);
}
static double pick(double x, int k) {
  double t = exp(x); // used only when k != 0
  return k ? t : 3 * x;
}
static __attribute__((noinline)) void put(double *a, int i, double v) { a[i] = v; }
static double overwritten(double x) {
  double a[2];
  put(a, 0, exp(x)); // overwritten below: contributes nothing
  put(a, 1, x);
  put(a, 0, 3 * a[1]);
  return a[0];
}

int main(void) {
  check("softplus.fwd(1000)", __enzyme_fwddiff((void *)softplus, 1000.0, 1.0), 1.0);
  check("softplus.rev(1000)", __enzyme_autodiff((void *)softplus, 1000.0), 1.0);
  check("pick.rev(1000, 0)", __enzyme_autodiff((void *)pick, 1000.0, 0), 3.0);
  check("overwritten.rev(1000)", __enzyme_autodiff((void *)overwritten, 1000.0), 3.0);
  printf("%s\n", fails ? "FAILED" : "ALL OK");
  return fails != 0;
}

// CHECK: ALL OK

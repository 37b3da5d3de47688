// At -O3 function specialization clones `apply` once per function pointer,
// and the clones share its subprogram, which is hidden from the passes before
// EddyPass (Passes/InliningLocations.h): one clone gets it back, the other
// none, and the IR verifies after every pass. The gradient through both
// clones, and through the inlined callees, against the analytic derivative
// sum_i (i+1) (2 (x+i) + 3 (x+i)^2), at every level (at -O0 Eddy specializes
// the copy it differentiates itself: test/Exec/function-pointer-arguments.c).
// RUN: %levels %eddy-clang -Xclang -llvm-verify-each %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);

static double sq(double x) { return x * x; }
static double cube(double x) { return x * x * x; }

__attribute__((noinline)) static double apply(double (*fn)(double), double x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += fn(x + i) * (i + 1);
  return s;
}

double f(double x) { return apply(sq, x, 100) + apply(cube, x, 100); }

int main(void) {
  for (double x = -1.5; x <= 1.5; x += 1.0) {
    double d = __enzyme_autodiff((void *)f, x);
    double ref = 0;
    for (int i = 0; i < 100; ++i)
      ref += (i + 1) * (2 * (x + i) + 3 * (x + i) * (x + i));
    // CHECK-COUNT-4: OK
    printf("%s x=%g d=%.17g ref=%.17g\n",
           fabs(d - ref) <= 1e-12 * fabs(ref) ? "OK" : "FAIL", x, d, ref);
  }
  return 0;
}

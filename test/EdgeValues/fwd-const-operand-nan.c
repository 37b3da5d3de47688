// Regression test for a bug fixed in 14f8504. It was (forward mode):
// The tangent of an arithmetic instruction includes a term
// for a constant (inactive) operand, primal * 0.0, instead of leaving it out.
// TangentBuilder::arithmeticTangent (lib/Transform/ForwardMode.cpp) forms
//   fmul a*b: da*b + a*db      fdiv a/b: (da - (a/b)*db) / b
// with db = 0.0 when b is a constant (or enzyme_const). When the other factor
// is +-Inf or NaN, 0 * Inf = NaN poisons the tangent:
//   d/dx (x * 0.5) at x = +Inf   forward gives NaN, reverse gives 0.5
//   d/dx (x / y), y const, at x = +Inf or y = 0 or x = NaN: forward NaN,
//                                                reverse 1/y
// (the generated IR keeps `fmul double %x, 0.0`: LLVM may not fold it without
// nnan/nsz). Reverse mode is right: adjointArithmetic skips inactive operands.
// The fix: skip the term of an operand that has no tangent, as reverse does.
// Found by the edge-value tests (also hits x*c in any loop, e.g. repeated
// halving of an infinite input).
//
// RUN: %levels %eddy-clang %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>

static int fails;
static void check(const char *what, double got, double want) {
  if (!(got == want || (isnan(got) && isnan(want)))) {
    ++fails;
    printf("FAIL %s: got %g want %g\n", what, got, want);
  }
}

static double half(double x) { return x * 0.5; }
static double quot(double x, double y) { return x / y; }
static double halvings(double x) {
  int k = 0;
  while (x > 1 && k < 3) {
    x = x * 0.5;
    ++k;
  }
  return x;
}

int main(void) {
  check("half.rev(inf)", __enzyme_autodiff((void *)half, INFINITY), 0.5);
  check("half.fwd(inf)", __enzyme_fwddiff((void *)half, INFINITY, 1.0), 0.5);
  check("half.fwd(-inf)", __enzyme_fwddiff((void *)half, -INFINITY, 1.0), 0.5);
  check("halvings.rev(inf)", __enzyme_autodiff((void *)halvings, INFINITY), 0.125);
  check("halvings.fwd(inf)", __enzyme_fwddiff((void *)halvings, INFINITY, 1.0), 0.125);
  check("quot.fwd(inf, 3)", __enzyme_fwddiff((void *)quot, INFINITY, 1.0, enzyme_const, 3.0), 1.0 / 3.0);
  check("quot.fwd(nan, 2)", __enzyme_fwddiff((void *)quot, NAN, 1.0, enzyme_const, 2.0), 0.5);
  check("quot.fwd(1, 0)", __enzyme_fwddiff((void *)quot, 1.0, 1.0, enzyme_const, 0.0), INFINITY);
  printf("%s\n", fails ? "FAILED" : "ALL OK");
  return fails != 0;
}

// CHECK: ALL OK

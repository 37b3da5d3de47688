// Edge values through one-argument functions: NaN, +-Inf, +-0, the smallest
// denormal, the smallest normal, huge values and values where the primal
// overflows. The derivative must not crash and must be what IEEE arithmetic
// gives when it evaluates the derivative formula (docs/edge-values.md):
//   (x*x)' = 2x      sqrt' = 0.5/sqrt(x)     log' = 1/x      exp' = exp(x)
//   pow(x,3)' = 3 pow(x,2)   (1/x)' = -1/(x*x)   fabs' = copysign(1,x)
//   floor/ceil/round/trunc' = 0     (x^8 by a loop of squarings)' = 8 x^7
//   (x > 0 ? sqrt(x) : 0)' = 0 for x <= 0 and NaN (no NaN from the other side)
// Each is checked in reverse mode and in forward mode (tangent 1).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <float.h>
#include <math.h>
#include <stdio.h>

static int fails, checks;
// Same IEEE class and value: NaN matches any NaN, infinities match exactly,
// finite values to 4 ulp (the formula may be evaluated in another order).
static void same(const char *what, double x, double got, double want) {
  ++checks;
  int ok = eddy_same_ieee(got, want, 4 * DBL_EPSILON, 0);
  if (!ok) {
    ++fails;
    printf("FAIL %s at x=%g: got %.17g want %.17g\n", what, x, got, want);
  }
}

static double sq(double x) { return x * x; }
static double sqrt_(double x) { return sqrt(x); }
static double log_(double x) { return log(x); }
static double exp_(double x) { return exp(x); }
static double pow3(double x) { return pow(x, 3.0); }
static double recip(double x) { return 1.0 / x; }
static double fabs_(double x) { return fabs(x); }
static double steps(double x) { return floor(x) + ceil(x) + round(x) + trunc(x); }
// A guarded singularity: the branch not taken must not leak 0 * Inf = NaN
// (at -O2 the branch becomes a select of both sides).
static double guarded(double x) { return x > 0 ? sqrt(x) : 0.0; }
static double pow8(double x) {
  double p = x;
  for (int i = 0; i < 3; ++i)
    p = p * p;
  return p;
}

typedef double (*Fn)(double);
struct Case { const char *name; Fn rev, fwd; double (*want)(double); };

// The reference derivatives, evaluated by IEEE arithmetic.
static double d_sq(double x) { return 2 * x; }
static double d_sqrt(double x) { return 0.5 / sqrt(x); }
static double d_log(double x) { return 1 / x; }
static double d_exp(double x) { return exp(x); }
static double d_pow3(double x) { return 3 * pow(x, 2.0); }
static double d_recip(double x) { return -1 / (x * x); }
static double d_fabs(double x) { return copysign(1.0, x); }
static double d_steps(double x) { return 0.0; }
static double d_pow8(double x) { return 8 * pow(x, 7.0); }
static double d_guarded(double x) { return x > 0 ? 0.5 / sqrt(x) : 0.0; }

#define CASE(f, d)                                                             \
  static double rev_##f(double x) { return __enzyme_autodiff((void *)f, x); }  \
  static double fwd_##f(double x) { return __enzyme_fwddiff((void *)f, x, 1.0); }
CASE(sq, d_sq)
CASE(sqrt_, d_sqrt)
CASE(log_, d_log)
CASE(exp_, d_exp)
CASE(pow3, d_pow3)
CASE(recip, d_recip)
CASE(fabs_, d_fabs)
CASE(steps, d_steps)
CASE(pow8, d_pow8)
CASE(guarded, d_guarded)
#define ENTRY(f, d) {#f, rev_##f, fwd_##f, d}
static const struct Case cases[] = {
    ENTRY(sq, d_sq),         ENTRY(sqrt_, d_sqrt), ENTRY(log_, d_log),
    ENTRY(exp_, d_exp),      ENTRY(pow3, d_pow3),  ENTRY(recip, d_recip),
    ENTRY(fabs_, d_fabs),    ENTRY(steps, d_steps), ENTRY(pow8, d_pow8),
    ENTRY(guarded, d_guarded)};

int main(void) {
  const double xs[] = {NAN, -NAN, INFINITY, -INFINITY, 0.0, -0.0,
                       4.9406564584124654e-324, -4.9406564584124654e-324,
                       DBL_MIN, 1e300, -1e300, DBL_MAX, 710.0, -746.0, -2.0, 3.0};
  for (unsigned c = 0; c < sizeof cases / sizeof *cases; ++c)
    for (unsigned i = 0; i < sizeof xs / sizeof *xs; ++i) {
      double x = xs[i], want = cases[c].want(x);
      char name[64];
      snprintf(name, sizeof name, "%s.rev", cases[c].name);
      same(name, x, cases[c].rev(x), want);
      snprintf(name, sizeof name, "%s.fwd", cases[c].name);
      same(name, x, cases[c].fwd(x), want);
    }

  // Named spot checks of the semantics documented in docs/edge-values.md.
  printf("sqrt'(+0) = %g, sqrt'(-0) = %g\n", rev_sqrt_(0.0), fwd_sqrt_(-0.0));
  printf("(x*x)'(NaN) is NaN: %d\n", isnan(rev_sq(NAN)) && isnan(fwd_sq(NAN)));
  printf("exp'(-inf) = %g, exp'(710) = %g\n", rev_exp_(-INFINITY), fwd_exp_(710.0));
  printf("log'(+0) = %g, log'(-2) = %g\n", rev_log_(0.0), fwd_log_(-2.0));
  printf("fabs'(+0) = %g, fabs'(-0) = %g\n", rev_fabs_(0.0), fwd_fabs_(-0.0));
  printf("floor'(NaN) = %g\n", rev_steps(NAN));
  printf("%s (%d checks)\n", fails ? "FAILED" : "ALL OK", checks);
  return fails != 0;
}

// CHECK: sqrt'(+0) = inf, sqrt'(-0) = -inf
// CHECK: (x*x)'(NaN) is NaN: 1
// CHECK: exp'(-inf) = 0, exp'(710) = inf
// CHECK: log'(+0) = inf, log'(-2) = -0.5
// CHECK: fabs'(+0) = 1, fabs'(-0) = -1
// CHECK: floor'(NaN) = 0
// CHECK: ALL OK (320 checks)

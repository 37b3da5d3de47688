// Edge values through two-argument functions: fmin/fmax (ties, NaN, +-0),
// division, pow, hypot and atan2 at NaN, +-Inf, +-0, denormals and huge values.
// Reverse mode returns both partials; forward mode is asked for one partial at
// a time with the other argument enzyme_const. Each must be what IEEE
// arithmetic gives for the derivative formula (docs/edge-values.md):
//   fmin/fmax: 1 for the argument returned (x on a tie and when y is NaN), else 0
//   x/y:       1/y and -x/(y*y)
//   pow(x,y):  y*pow(x,y-1), taken as 0 for y = 0, and pow(x,y)*log(x), taken
//              as 0 at x = 0 for y >= 0 (the limits)
//   hypot:     x/hypot(x,y) and y/hypot(x,y), +-1 for an infinite argument when
//              the other is finite (the limit)
//   atan2(a,b): b/(a^2+b^2) and -a/(a^2+b^2), 1/b and -1/a when b resp. a is
//              infinite (the limit)
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <float.h>
#include <math.h>
#include <stdio.h>

static int fails, checks;
static void same(const char *what, double x, double y, double got, double want) {
  ++checks;
  // The formula may be evaluated in another order: 4 ulp.
  int ok = eddy_same_ieee(got, want, 4 * DBL_EPSILON, 0);
  if (!ok) {
    ++fails;
    printf("FAIL %s at (%g, %g): got %.17g want %.17g\n", what, x, y, got, want);
  }
}

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

static double fmin_(double x, double y) { return fmin(x, y); }
static double fmax_(double x, double y) { return fmax(x, y); }
static double div_(double x, double y) { return x / y; }
static double pow_(double x, double y) { return pow(x, y); }
static double hypot_(double x, double y) { return hypot(x, y); }
static double atan2_(double x, double y) { return atan2(x, y); }

typedef double (*F2)(double, double);
struct Case {
  const char *name;
  D2 (*rev)(double, double);
  double (*fwdx)(double, double), (*fwdy)(double, double);
  D2 (*want)(double, double);
  D2 (*want_fwd)(double, double); // when forward mode evaluates another formula
};

static D2 d_fmin(double x, double y) {
  int first = x <= y || isnan(y);
  return (D2){first ? 1.0 : 0.0, first ? 0.0 : 1.0};
}
static D2 d_fmax(double x, double y) {
  int first = x >= y || isnan(y);
  return (D2){first ? 1.0 : 0.0, first ? 0.0 : 1.0};
}
// x/y: reverse mode forms -(1/y)*(x/y), forward mode -(x/y)/y; they differ
// only where 1/y overflows (denormal y), e.g. at (0, 5e-324): NaN vs -0.
static D2 d_div(double x, double y) { return (D2){1 / y, -(1 / y) * (x / y)}; }
static D2 d_div_fwd(double x, double y) { return (D2){1 / y, -(x / y) / y}; }
static D2 d_pow(double x, double y) {
  return (D2){y == 0 ? 0.0 : y * pow(x, y - 1),
              x == 0 && y >= 0 ? 0.0 : pow(x, y) * log(x)};
}
static double d_hypot1(double x, double y) {
  return isinf(x) && !isinf(y) && !isnan(y) ? copysign(1.0, x) : x / hypot(x, y);
}
static D2 d_hypot(double x, double y) { return (D2){d_hypot1(x, y), d_hypot1(y, x)}; }
static D2 d_atan2(double a, double b) {
  return (D2){isinf(b) ? 1 / b : b / (a * a + b * b), isinf(a) ? -1 / a : -a / (a * a + b * b)};
}

#define CASE(f)                                                                \
  static D2 rev_##f(double x, double y) { return __enzyme_autodiff_d2((void *)f, x, y); } \
  static double fwdx_##f(double x, double y) {                                 \
    return __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, y);               \
  }                                                                            \
  static double fwdy_##f(double x, double y) {                                 \
    return __enzyme_fwddiff((void *)f, enzyme_const, x, y, 1.0);               \
  }
CASE(fmin_)
CASE(fmax_)
CASE(div_)
CASE(pow_)
CASE(hypot_)
CASE(atan2_)
#define ENTRY(f, d) {#f, rev_##f, fwdx_##f, fwdy_##f, d, d}
static const struct Case cases[] = {ENTRY(fmin_, d_fmin), ENTRY(fmax_, d_fmax),
                                    {"div_", rev_div_, fwdx_div_, fwdy_div_, d_div, d_div_fwd}, ENTRY(pow_, d_pow),
                                    ENTRY(hypot_, d_hypot), ENTRY(atan2_, d_atan2)};

int main(void) {
  const double v[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 4.9406564584124654e-324,
                      1e300, -1e-300, 2.0, -2.0, 3.0};
  const int n = sizeof v / sizeof *v;
  for (unsigned c = 0; c < sizeof cases / sizeof *cases; ++c)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        double x = v[i], y = v[j];
        D2 want = cases[c].want(x, y), got = cases[c].rev(x, y);
        char name[64];
        snprintf(name, sizeof name, "%s.rev.dx", cases[c].name);
        same(name, x, y, got.dx, want.dx);
        snprintf(name, sizeof name, "%s.rev.dy", cases[c].name);
        same(name, x, y, got.dy, want.dy);
        want = cases[c].want_fwd(x, y);
        snprintf(name, sizeof name, "%s.fwd.dx", cases[c].name);
        same(name, x, y, cases[c].fwdx(x, y), want.dx);
        snprintf(name, sizeof name, "%s.fwd.dy", cases[c].name);
        same(name, x, y, cases[c].fwdy(x, y), want.dy);
      }

  D2 g = rev_fmin_(1.0, 1.0);
  printf("fmin tie: (%g, %g)\n", g.dx, g.dy);
  g = rev_fmax_(NAN, 2.0);
  printf("fmax(NaN, 2): (%g, %g)\n", g.dx, g.dy);
  g = rev_div_(1.0, 0.0);
  printf("1/0: (%g, %g)\n", g.dx, g.dy);
  g = rev_pow_(0.0, 2.0);
  printf("pow(0, 2): (%g, %g)\n", g.dx, g.dy);
  g = rev_pow_(0.0, 0.0);
  printf("pow(0, 0): (%g, %g)\n", g.dx, g.dy);
  g = rev_hypot_(INFINITY, 1.0);
  printf("hypot(inf, 1): (%g, %g)\n", g.dx, g.dy);
  g = rev_atan2_(1.0, -INFINITY);
  printf("atan2(1, -inf): (%g, %g)\n", g.dx, g.dy);
  printf("%s (%d checks)\n", fails ? "FAILED" : "ALL OK", checks);
  return fails != 0;
}

// CHECK: fmin tie: (1, 0)
// CHECK: fmax(NaN, 2): (0, 1)
// CHECK: 1/0: (inf, -inf)
// CHECK: pow(0, 2): (0, 0)
// CHECK: pow(0, 0): (0, 0)
// CHECK: hypot(inf, 1): (1, 0)
// CHECK: atan2(1, -inf): (-0, -0)
// CHECK: ALL OK (2904 checks)

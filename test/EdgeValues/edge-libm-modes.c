// Every one-argument rule of lib/Rules/ElementaryRules.cpp at NaN, +-Inf, +-0,
// +-denormal, +-huge, +-1 (domain edges of asin/acos/atanh/acosh/log1p), 0.5
// and the exp overflow/underflow thresholds: reverse and forward mode must give
// the same value bit for bit (NaN for NaN) -- both evaluate the rule's formula
// -- and the spot checks below pin the IEEE value of formulas at their edges
// (docs/edge-values.md).
//
// RUN: %levels %eddy-clang %s -o %t -- FileCheck --implicit-check-not=DIFF %s
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int diffs, checks;
static double rev_of(const char *name, double x);
static double fwd_of(const char *name, double x);

static double u_sqrt(double x) { return sqrt(x); }
static double u_cbrt(double x) { return cbrt(x); }
static double u_exp(double x) { return exp(x); }
static double u_exp2(double x) { return exp2(x); }
static double u_expm1(double x) { return expm1(x); }
static double u_log(double x) { return log(x); }
static double u_log2(double x) { return log2(x); }
static double u_log10(double x) { return log10(x); }
static double u_log1p(double x) { return log1p(x); }
static double u_sin(double x) { return sin(x); }
static double u_cos(double x) { return cos(x); }
static double u_tan(double x) { return tan(x); }
static double u_asin(double x) { return asin(x); }
static double u_acos(double x) { return acos(x); }
static double u_atan(double x) { return atan(x); }
static double u_sinh(double x) { return sinh(x); }
static double u_cosh(double x) { return cosh(x); }
static double u_tanh(double x) { return tanh(x); }
static double u_asinh(double x) { return asinh(x); }
static double u_acosh(double x) { return acosh(x); }
static double u_atanh(double x) { return atanh(x); }
static double u_erf(double x) { return erf(x); }
static double u_erfc(double x) { return erfc(x); }
static double u_fabs(double x) { return fabs(x); }
static double u_floor(double x) { return floor(x); }
static double u_ceil(double x) { return ceil(x); }
static double u_round(double x) { return round(x); }
static double u_trunc(double x) { return trunc(x); }
#define ONE(f) if (!strcmp(name, #f)) return rev ? __enzyme_autodiff((void *)u_##f, x) : __enzyme_fwddiff((void *)u_##f, x, 1.0);
static double d(const char *name, double x, int rev) {
  ONE(sqrt)
  ONE(cbrt)
  ONE(exp)
  ONE(exp2)
  ONE(expm1)
  ONE(log)
  ONE(log2)
  ONE(log10)
  ONE(log1p)
  ONE(sin)
  ONE(cos)
  ONE(tan)
  ONE(asin)
  ONE(acos)
  ONE(atan)
  ONE(sinh)
  ONE(cosh)
  ONE(tanh)
  ONE(asinh)
  ONE(acosh)
  ONE(atanh)
  ONE(erf)
  ONE(erfc)
  ONE(fabs)
  ONE(floor)
  ONE(ceil)
  ONE(round)
  ONE(trunc)
  return 0;
}
static double rev_of(const char *name, double x) { return d(name, x, 1); }
static double fwd_of(const char *name, double x) { return d(name, x, 0); }

static const char *const names[] = {"sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc", "fabs", "floor", "ceil", "round", "trunc"};

int main(void) {
  const double v[] = {NAN, INFINITY, -INFINITY, 0.0, -0.0, 4.9406564584124654e-324,
                      -4.9406564584124654e-324, 1e300, -1e300, 1.0, -1.0, 0.5, 710.0, -746.0};
  for (unsigned k = 0; k < sizeof names / sizeof *names; ++k)
    for (unsigned i = 0; i < sizeof v / sizeof *v; ++i) {
      double r = rev_of(names[k], v[i]), t = fwd_of(names[k], v[i]);
      ++checks;
      if (!(isnan(r) ? isnan(t) : memcmp(&r, &t, sizeof r) == 0)) {
        ++diffs;
        printf("DIFF %s'(%g): reverse %.17g forward %.17g\n", names[k], v[i], r, t);
      }
    }
  printf("cbrt'(0) = %g\n", fabs(rev_of("cbrt", 0.0)));        // y/(3x) = 0/0
  printf("asin'(1) = %g, acosh'(1) = %g, atanh'(1) = %g, log1p'(-1) = %g\n",
         rev_of("asin", 1.0), rev_of("acosh", 1.0), rev_of("atanh", 1.0), rev_of("log1p", -1.0));
  printf("tanh'(inf) = %g, erf'(-inf) = %g, expm1'(710) = %g, sinh'(-746) = %g\n",
         rev_of("tanh", INFINITY), rev_of("erf", -INFINITY), rev_of("expm1", 710.0), rev_of("sinh", -746.0));
  printf("asin'(2) = %g, acosh'(0.5) = %g, tan'(inf) = %g\n", fabs(rev_of("asin", 2.0)),
         fabs(rev_of("acosh", 0.5)), fabs(rev_of("tan", INFINITY)));
  printf("%s (%d rules x points)\n", diffs ? "MODES DIFFER" : "MODES AGREE", checks);
  return diffs != 0;
}

// CHECK: cbrt'(0) = nan
// CHECK: asin'(1) = inf, acosh'(1) = inf, atanh'(1) = inf, log1p'(-1) = inf
// CHECK: tanh'(inf) = 0, erf'(-inf) = 0, expm1'(710) = inf, sinh'(-746) = inf
// CHECK: asin'(2) = nan, acosh'(0.5) = nan, tan'(inf) = nan
// CHECK: MODES AGREE (392 rules x points)

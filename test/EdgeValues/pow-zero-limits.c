// pow and powi at x = 0 return the limit of the derivative, as PyTorch and
// JAX do (docs/edge-values.md): d/dx pow(x, 0) = 0 (also at x = 0, where the
// formula y x^(y-1) is 0 * Inf); d/dx pow(x, k) at 0 for k = 1, 2, 3 is
// 1, 0, 0; d/dx pow(x, 0.5) at +-0 is +Inf; d/dy pow(0, y) = 0 for y >= 0.
// Every value is the same in both modes and at every -O level, including
// with -fno-math-errno, where InstCombine turns pow(x, 0.5) into sqrt and
// pow(x, 2) into x*x before Eddy sees them.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -fno-math-errno -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);
float __enzyme_autodiff_f1(void *, float);
float __enzyme_fwddiff_f1(void *, float, float);
long double __enzyme_autodiff_l1(void *, long double);
long double __enzyme_fwddiff_l1(void *, long double, long double);

static double p0(double x) { return pow(x, 0.0); }
static double p1(double x) { return pow(x, 1.0); }
static double p2(double x) { return pow(x, 2.0); }
static double p3(double x) { return pow(x, 3.0); }
static double phalf(double x) { return pow(x, 0.5); }
static double pm1(double x) { return pow(x, -1.0); }
static double pi0(double x) { return __builtin_powi(x, 0); }
static double pi1(double x) { return __builtin_powi(x, 1); }
static double pi2(double x) { return __builtin_powi(x, 2); }
static double pin(double x, int n) { return __builtin_powi(x, n); }
static float pf0(float x) { return powf(x, 0.0f); }
static long double pl0(long double x) { return powl(x, 0.0L); }
static double pxy(double x, double y) { return pow(x, y); }
static double base0(double y) { return pow(0.0, y); }

// A polynomial written with pow: sum_k a_k x^k, derivative a_1 at 0.
static const double A[5] = {0.5, -2.0, 3.0, 0.25, -1.5};
static double poly(double x) {
  double s = 0.0;
  for (int k = 0; k < 5; ++k)
    s += A[k] * pow(x, (double)k);
  return s;
}
static double dpoly(double x) {
  return A[1] + 2 * A[2] * x + 3 * A[3] * x * x + 4 * A[4] * x * x * x;
}

// Reverse and forward mode both give exactly `want` (same IEEE class).
static void same2(const char *name, double rev, double fwd, double want) {
  ++eddy_n_checks;
  if (eddy_same_ieee(rev, want, 0, 0) && eddy_same_ieee(fwd, want, 0, 0)) {
    printf("OK %s\n", name);
    return;
  }
  ++eddy_n_failed;
  printf("FAIL %s: rev %g fwd %g want %g\n", name, rev, fwd, want);
}
#define both(name, f, x, want)                                                 \
  same2(name, __enzyme_autodiff((void *)f, x), __enzyme_fwddiff((void *)f, x, 1.0), want)

int main(void) {
  both("pow(x,0)'(0)", p0, 0.0, 0.0);
  both("pow(x,0)'(-0)", p0, -0.0, 0.0);
  both("pow(x,0)'(2)", p0, 2.0, 0.0);
  both("pow(x,0)'(inf)", p0, INFINITY, 0.0);
  both("pow(x,1)'(0)", p1, 0.0, 1.0);
  both("pow(x,2)'(0)", p2, 0.0, 0.0);
  both("pow(x,3)'(0)", p3, 0.0, 0.0);
  both("pow(x,0.5)'(0)", phalf, 0.0, INFINITY);
  both("pow(x,0.5)'(-0)", phalf, -0.0, INFINITY);
  both("pow(x,0.5)'(4)", phalf, 4.0, 0.25);
  both("pow(x,-1)'(0)", pm1, 0.0, -INFINITY);
  both("pow(x,-1)'(2)", pm1, 2.0, -0.25);
  both("powi(x,0)'(0)", pi0, 0.0, 0.0);
  both("powi(x,1)'(0)", pi1, 0.0, 1.0);
  both("powi(x,2)'(0)", pi2, 0.0, 0.0);
  for (int n = 0; n <= 3; ++n) {
    double want = n == 1 ? 1.0 : 0.0;
    eddy_checkf_tol(__enzyme_autodiff((void *)pin, 0.0, n), want, 0, 0,
                    "powi(x,%d)'(0).rev", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)pin, 0.0, 1.0, n), want, 0, 0,
                    "powi(x,%d)'(0).fwd", n, 0);
  }
  eddy_check("powf(x,0)'(0).rev", __enzyme_autodiff_f1((void *)pf0, 0.0f), 0.0);
  eddy_check("powf(x,0)'(0).fwd", __enzyme_fwddiff_f1((void *)pf0, 0.0f, 1.0f), 0.0);
  eddy_check("powl(x,0)'(0).rev", (double)__enzyme_autodiff_l1((void *)pl0, 0.0L), 0.0);
  eddy_check("powl(x,0)'(0).fwd", (double)__enzyme_fwddiff_l1((void *)pl0, 0.0L, 1.0L), 0.0);

  both("poly'(0)", poly, 0.0, A[1]);
  eddy_check("poly'(0.7).rev", __enzyme_autodiff((void *)poly, 0.7), dpoly(0.7));
  eddy_check("poly'(0.7).fwd", __enzyme_fwddiff((void *)poly, 0.7, 1.0), dpoly(0.7));
  eddy_check_fd("poly'(0.7).ref_vs_fd", dpoly(0.7), eddy_fd(poly, 0.7));

  // Both arguments active: (x, y) -> (d/dx, d/dy).
  struct { double x, y, dx, dy; } P[] = {
      {0.0, 0.0, 0.0, 0.0},       // pow(0, 0) = 1: flat in x, 0 in y
      {0.0, 2.0, 0.0, 0.0},       // d/dy 0^y = 0 for y > 0
      {0.0, 1.0, 1.0, 0.0},
      {0.0, 0.5, INFINITY, 0.0},
      {0.0, -1.0, -INFINITY, -INFINITY}, // y < 0: the formulas, as PyTorch
      {2.0, 0.0, 0.0, log(2.0)},
  };
  for (unsigned i = 0; i < sizeof P / sizeof P[0]; ++i) {
    D2 g = __enzyme_autodiff_d2((void *)pxy, P[i].x, P[i].y);
    eddy_checkf_tol(g.dx, P[i].dx, EDDY_RTOL_EXACT, 0, "pow[%d].rev.dx", i, 0);
    eddy_checkf_tol(g.dy, P[i].dy, EDDY_RTOL_EXACT, 0, "pow[%d].rev.dy", i, 0);
    // One column at a time, the other argument constant (an active argument
    // with tangent 0 would add 0 * Inf = NaN where the other partial is
    // infinite: docs/edge-values.md).
    eddy_checkf_tol(__enzyme_fwddiff((void *)pxy, P[i].x, 1.0, enzyme_const, P[i].y),
                    P[i].dx, EDDY_RTOL_EXACT, 0, "pow[%d].fwd.dx", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)pxy, enzyme_const, P[i].x, P[i].y, 1.0),
                    P[i].dy, EDDY_RTOL_EXACT, 0, "pow[%d].fwd.dy", i, 0);
  }
  both("pow(0,y)'(0)", base0, 0.0, 0.0);
  both("pow(0,y)'(3)", base0, 3.0, 0.0);
  return eddy_summary();
}

// CHECK: ALL OK

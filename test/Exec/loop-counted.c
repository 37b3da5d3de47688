// Counted loops: a constant trip count, a trip count passed at run time (an
// integer argument, const by default), loop-carried pairs of values, and a
// 500-step recurrence whose reverse sweep needs every iterate. References are
// closed forms, and for the recurrence a hand-written tangent (dual-number)
// loop run alongside the primal.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dr, dx0; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

// sum_{i=1}^{8} x^i / i, derivative sum_{i=0}^{7} x^i.
static double series8(double x) {
  double s = 0, p = 1;
  for (int i = 1; i <= 8; ++i) {
    p *= x;
    s += p / i;
  }
  return s;
}

// prod_{i=0}^{n-1} (x + i); derivative sum_i prod_{j != i} (x + j).
static double rising(double x, int n) {
  double p = 1;
  for (int i = 0; i < n; ++i)
    p *= x + i;
  return p;
}
static double d_rising(double x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double q = 1;
    for (int j = 0; j < n; ++j)
      if (j != i) q *= x + j;
    s += q;
  }
  return s;
}

// n rotations by angle t of (1, 0): the first component is cos(n t).
static double rotate(double t, int n) {
  double a = 1, b = 0, c = cos(t), s = sin(t);
  for (int k = 0; k < n; ++k) {
    double na = a * c - b * s;
    b = a * s + b * c;
    a = na;
  }
  return a;
}

// 500 steps of a pendulum (symplectic Euler, h = 0.01) with stiffness r and
// initial angle x0; the reverse sweep needs every iterate (or recomputes it).
#define STEPS 500
static double recur(double r, double x0) {
  double p = x0, v = 0, h = 0.01;
  for (int k = 0; k < STEPS; ++k) {
    v += h * (-r * sin(p) - 0.1 * v);
    p += h * v;
  }
  return p;
}
// Hand-written forward tangent of `recur` in direction (dr, dx0).
static double recur_tangent(double r, double x0, double dr, double dx0) {
  double p = x0, v = 0, h = 0.01, dp = dx0, dv = 0;
  for (int k = 0; k < STEPS; ++k) {
    dv += h * (-dr * sin(p) - r * cos(p) * dp - 0.1 * dv);
    v += h * (-r * sin(p) - 0.1 * v);
    dp += h * dv;
    p += h * v;
  }
  return dp;
}
static double recur_x0(double x0) { return recur(2.2, x0); }
static double recur_r(double r) { return recur(r, 0.9); }

static int cur_n;
static double rising_fd(double x) { return rising(x, cur_n); }

int main(void) {
  double x = 0.6, ref = 0, p = 1;
  for (int i = 0; i < 8; ++i, p *= x)
    ref += p;
  eddy_check_fd("series8.ref_vs_fd", ref, eddy_fd(series8, x));
  eddy_check("series8.rev", __enzyme_autodiff((void *)series8, x), ref);
  eddy_check("series8.fwd", __enzyme_fwddiff((void *)series8, x, 1.0), ref);

  for (int n = 0; n <= 6; n += 3) { // n = 0: the loop body never runs
    double ref = d_rising(1.5, n);
    cur_n = n;
    eddy_checkf_tol(ref, eddy_fd(rising_fd, 1.5), EDDY_RTOL_FD, EDDY_ATOL_FD, "rising[n=%d].ref_vs_fd", n, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)rising, 1.5, n), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rising[n=%d].rev", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)rising, 1.5, 1.0, n), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rising[n=%d].fwd", n, 0);
  }

  // d/dt cos(n t) = -n sin(n t); rounding accumulates over n steps.
  for (int n = 1; n <= 40; n *= 5) {
    double t = 0.3, ref = -n * sin(n * t);
    eddy_checkf_tol(__enzyme_autodiff((void *)rotate, t, n), ref, 1e-10, 1e-12, "rotate[n=%d].rev", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)rotate, t, 1.0, n), ref, 1e-10, 1e-12, "rotate[n=%d].fwd", n, 0);
  }

  double r = 2.2, x0 = 0.9;
  double ref_dr = recur_tangent(r, x0, 1, 0), ref_dx0 = recur_tangent(r, x0, 0, 1);
  eddy_check_fd("recur.dr.ref_vs_fd", ref_dr, eddy_fd(recur_r, r));
  eddy_check_fd("recur.dx0.ref_vs_fd", ref_dx0, eddy_fd(recur_x0, x0));
  D2 g = __enzyme_autodiff_d2((void *)recur, r, x0);
  eddy_check_tol("recur.rev.dr", g.dr, ref_dr, 1e-10, 1e-12);
  eddy_check_tol("recur.rev.dx0", g.dx0, ref_dx0, 1e-10, 1e-12);
  eddy_check_tol("recur.fwd.dr", __enzyme_fwddiff((void *)recur, r, 1.0, x0, 0.0), ref_dr, 1e-10, 1e-12);
  eddy_check_tol("recur.fwd.dx0", __enzyme_fwddiff((void *)recur, r, 0.0, x0, 1.0), ref_dx0, 1e-10, 1e-12);
  return eddy_summary();
}

// CHECK: OK series8.rev
// CHECK: OK rising[n=0].rev
// CHECK: OK rising[n=6].fwd
// CHECK: OK rotate[n=25].rev
// CHECK: OK recur.fwd.dx0
// CHECK: ALL OK

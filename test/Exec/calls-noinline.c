// Calls to other functions of the translation unit: small helpers the
// optimizer inlines, __attribute__((noinline)) helpers that stay calls in the
// IR at -O2 (so Eddy must differentiate the callee and connect the call), a
// helper called twice with different arguments, and a helper returning its
// result through a pointer.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

static double sq(double v) { return v * v; }

__attribute__((noinline)) static double poly(double v, double c) {
  return c * v * v * v - v; // d/dv = 3 c v^2 - 1, d/dc = v^3
}

__attribute__((noinline)) static void polar(double r, double t, double *px, double *py) {
  *px = r * cos(t);
  *py = r * sin(t);
}

__attribute__((noinline)) double norm3(const double *v) {
  return sqrt(sq(v[0]) + sq(v[1]) + sq(v[2]));
}

// f(x, y) = poly(x, y) + poly(sin(y), 2) + sq(x*y)
static double f(double x, double y) {
  return poly(x, y) + poly(sin(y), 2.0) + sq(x * y);
}
static D2 d_f(double x, double y) {
  D2 r;
  double s = sin(y);
  r.dx = 3 * y * x * x - 1 + 2 * x * y * y;
  r.dy = x * x * x + (6 * s * s - 1) * cos(y) + 2 * x * x * y;
  return r;
}
static double f_x(double x) { return f(x, -0.8); }
static double f_y(double y) { return f(1.1, y); }

// g(r, t): polar then distance from (1, 0): (r cos t - 1)^2 + (r sin t)^2.
static double g(double r, double t) {
  double px, py, v[3];
  polar(r, t, &px, &py);
  v[0] = px - 1.0;
  v[1] = py;
  v[2] = 0.0;
  double n = norm3(v);
  return n * n;
}

int main(void) {
  double x = 1.1, y = -0.8;
  D2 ref = d_f(x, y);
  eddy_check_fd("f.dx.ref_vs_fd", ref.dx, eddy_fd(f_x, x));
  eddy_check_fd("f.dy.ref_vs_fd", ref.dy, eddy_fd(f_y, y));
  D2 gr = __enzyme_autodiff_d2((void *)f, x, y);
  eddy_check("f.rev.dx", gr.dx, ref.dx);
  eddy_check("f.rev.dy", gr.dy, ref.dy);
  eddy_check("f.fwd.dx", __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), ref.dx);
  eddy_check("f.fwd.dy", __enzyme_fwddiff((void *)f, x, 0.0, y, 1.0), ref.dy);

  // g = r^2 - 2 r cos t + 1: dr = 2r - 2 cos t, dt = 2 r sin t.
  double r = 1.7, t = 0.6;
  D2 gg = __enzyme_autodiff_d2((void *)g, r, t);
  eddy_check("g.rev.dr", gg.dx, 2 * r - 2 * cos(t));
  eddy_check("g.rev.dt", gg.dy, 2 * r * sin(t));
  eddy_check("g.fwd.dr", __enzyme_fwddiff((void *)g, r, 1.0, t, 0.0), 2 * r - 2 * cos(t));
  eddy_check("g.fwd.dt", __enzyme_fwddiff((void *)g, r, 0.0, t, 1.0), 2 * r * sin(t));

  // The noinline callee itself requested directly, with a shadow.
  double v[3] = {1.0, -2.0, 2.0}, dv[3] = {0, 0, 0};
  __enzyme_autodiff((void *)norm3, v, dv);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dv[i], v[i] / 3.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "norm3.rev[%d]", i, 0);
  return eddy_summary();
}

// CHECK: OK f.rev.dx
// CHECK: OK g.fwd.dt
// CHECK: OK norm3.rev[2]
// CHECK: ALL OK

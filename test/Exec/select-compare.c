// Comparisons and selects (?:, which -O2 turns into `select`, -O0 into
// branches): the derivative is the one of the chosen operand, and the
// comparison itself has none. Each function is checked on both sides of its
// switching point.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

// x > y ? x^2 : 3y   ->  (2x, 0) or (0, 3)
static double pick(double x, double y) { return x > y ? x * x : 3.0 * y; }
// A hand-written absolute value and a clamp to [-1, 1] applied to x^3.
static double my_abs(double x) { return x < 0.0 ? -x : x; }
static double clamp_cube(double x) {
  double c = x * x * x;
  return c < -1.0 ? -1.0 : (c > 1.0 ? 1.0 : c);
}
// The condition compares derived values; the integer flag it produces is
// used arithmetically, which must not carry a derivative.
static double flag_scale(double x) {
  int big = sin(x) > 0.5;
  return (1 + big) * x * x + big;
}
// A smooth max of two quadratics with a select picking the larger.
static double max_quad(double x) {
  double a = (x - 1) * (x - 1), b = 0.5 * x * x;
  return a >= b ? a : b;
}

static double pick_y2(double x) { return pick(x, 2.0); }

int main(void) {
  // pick, on both branches.
  D2 g = __enzyme_autodiff_d2((void *)pick, 3.0, 2.0);
  eddy_check("pick.x_gt_y.rev.dx", g.dx, 6.0);
  eddy_check("pick.x_gt_y.rev.dy", g.dy, 0.0);
  g = __enzyme_autodiff_d2((void *)pick, 1.0, 2.0);
  eddy_check("pick.x_le_y.rev.dx", g.dx, 0.0);
  eddy_check("pick.x_le_y.rev.dy", g.dy, 3.0);
  eddy_check("pick.x_gt_y.fwd.dx", __enzyme_fwddiff((void *)pick, 3.0, 1.0, 2.0, 0.0), 6.0);
  eddy_check("pick.x_le_y.fwd.dy", __enzyme_fwddiff((void *)pick, 1.0, 0.0, 2.0, 1.0), 3.0);
  eddy_check_fd("pick.ref_vs_fd", 6.0, eddy_fd(pick_y2, 3.0));

  for (int s = 0; s < 2; ++s) {
    double x = s ? 0.75 : -0.75, ref = s ? 1.0 : -1.0;
    eddy_checkf_tol(eddy_fd(my_abs, x), ref, EDDY_RTOL_FD, EDDY_ATOL_FD, "abs[%d].ref_vs_fd", s, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)my_abs, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "abs[%d].rev", s, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)my_abs, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "abs[%d].fwd", s, 0);
  }

  // clamp_cube: saturated below, linear region, saturated above.
  const double cx[3] = {-1.5, 0.6, 1.2};
  for (int i = 0; i < 3; ++i) {
    double x = cx[i], ref = i == 1 ? 3 * x * x : 0.0;
    eddy_checkf_tol(eddy_fd(clamp_cube, x), ref, EDDY_RTOL_FD, EDDY_ATOL_FD, "clamp[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)clamp_cube, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "clamp[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)clamp_cube, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "clamp[%d].fwd", i, 0);
  }

  // flag_scale: sin(0.2) < 0.5 -> 2x ; sin(1.2) > 0.5 -> 4x.
  const double fx[2] = {0.2, 1.2}, fref[2] = {0.4, 4.8};
  for (int i = 0; i < 2; ++i) {
    eddy_checkf_tol(eddy_fd(flag_scale, fx[i]), fref[i], EDDY_RTOL_FD, EDDY_ATOL_FD, "flag[%d].ref_vs_fd", i, 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)flag_scale, fx[i]), fref[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "flag[%d].rev", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)flag_scale, fx[i], 1.0), fref[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "flag[%d].fwd", i, 0);
  }

  // max_quad: a wins at x = -1 (d = 2(x-1) = -4), b wins at x = 1.5 (d = x).
  eddy_check("max_quad.a.rev", __enzyme_autodiff((void *)max_quad, -1.0), -4.0);
  eddy_check("max_quad.b.rev", __enzyme_autodiff((void *)max_quad, 1.5), 1.5);
  eddy_check("max_quad.a.fwd", __enzyme_fwddiff((void *)max_quad, -1.0, 1.0), -4.0);
  eddy_check("max_quad.b.fwd", __enzyme_fwddiff((void *)max_quad, 1.5, 1.0), 1.5);
  eddy_check_fd("max_quad.a.ref_vs_fd", -4.0, eddy_fd(max_quad, -1.0));
  return eddy_summary();
}

// CHECK: OK pick.x_gt_y.rev.dx
// CHECK: OK clamp[1].rev
// CHECK: OK flag[1].fwd
// CHECK: OK max_quad.b.fwd
// CHECK: ALL OK

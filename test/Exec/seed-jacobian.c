// The seed example: f(x) = [sin(x1 x2), x1^2 + x2] at x = (1, 2).
// Forward mode gives one Jacobian column per pass (tangent e_j), reverse mode
// one row per pass (output cotangent e_i). Both full Jacobians are checked
// against the analytic J = [[x2 cos(x1 x2), x1 cos(x1 x2)], [2 x1, 1]] and
// against each other, and one JVP / VJP in a general direction.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static void f(const double *x, double *y) {
  y[0] = sin(x[0] * x[1]);
  y[1] = x[0] * x[0] + x[1];
}

int main(void) {
  double x[2] = {1.0, 2.0};
  double J[2][2] = {{x[1] * cos(x[0] * x[1]), x[0] * cos(x[0] * x[1])}, {2 * x[0], 1.0}};
  double Jf[2][2], Jr[2][2];

  for (int j = 0; j < 2; ++j) { // columns: 2 forward passes
    double dx[2] = {0, 0}, y[2], dy[2] = {0, 0};
    dx[j] = 1.0;
    __enzyme_fwddiff_void((void *)f, x, dx, y, dy);
    Jf[0][j] = dy[0];
    Jf[1][j] = dy[1];
  }
  for (int i = 0; i < 2; ++i) { // rows: 2 reverse passes
    double dx[2] = {0, 0}, y[2], dy[2] = {0, 0};
    dy[i] = 1.0;
    __enzyme_autodiff_void((void *)f, x, dx, y, dy);
    Jr[i][0] = dx[0];
    Jr[i][1] = dx[1];
  }
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      eddy_checkf_tol(Jf[i][j], J[i][j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "jacobian.fwd[%d][%d]", i, j);
      eddy_checkf_tol(Jr[i][j], J[i][j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "jacobian.rev[%d][%d]", i, j);
      eddy_checkf_tol(Jf[i][j], Jr[i][j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "jacobian.fwd_eq_rev[%d][%d]", i, j);
    }

  // FD columns as a third reference for the analytic formula.
  for (int j = 0; j < 2; ++j) {
    double xp[2] = {x[0], x[1]}, xm[2] = {x[0], x[1]}, yp[2], ym[2];
    double h = eddy_fd_step(x[j]);
    xp[j] += h;
    xm[j] -= h;
    f(xp, yp);
    f(xm, ym);
    for (int i = 0; i < 2; ++i)
      eddy_checkf_tol(J[i][j], (yp[i] - ym[i]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD, "jacobian.ref_vs_fd[%d][%d]", i, j);
  }

  // JVP in direction v and VJP with cotangent w: w^T (J v) == (w^T J) v.
  double v[2] = {0.3, -0.8}, w[2] = {1.5, 0.25};
  double y[2], jv[2] = {0, 0}, vv[2] = {v[0], v[1]};
  __enzyme_fwddiff_void((void *)f, x, vv, y, jv);
  double wt[2] = {w[0], w[1]}, wj[2] = {0, 0};
  __enzyme_autodiff_void((void *)f, x, wj, y, wt);
  for (int i = 0; i < 2; ++i)
    eddy_checkf_tol(jv[i], J[i][0] * v[0] + J[i][1] * v[1], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "jvp[%d]", i, 0);
  for (int j = 0; j < 2; ++j)
    eddy_checkf_tol(wj[j], w[0] * J[0][j] + w[1] * J[1][j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "vjp[%d]", j, 0);
  eddy_check("w.Jv_eq_wJ.v", w[0] * jv[0] + w[1] * jv[1], wj[0] * v[0] + wj[1] * v[1]);
  return eddy_summary();
}

// CHECK: OK jacobian.fwd[0][0]
// CHECK: OK jacobian.rev[1][1]
// CHECK: OK jacobian.fwd_eq_rev[1][1]
// CHECK: OK jvp[1]
// CHECK: OK vjp[1]
// CHECK: OK w.Jv_eq_wJ.v
// CHECK: ALL OK

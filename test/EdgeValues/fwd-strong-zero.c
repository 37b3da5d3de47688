// Forward mode's strong zero: an elementary function evaluated where its
// partial is infinite, with a zero incoming tangent, contributes nothing.
// Found with Enzyme's integration tests (a guarded normalization): at the
// origin, len = sqrt(x.x) has partial 1/(2 len) = Inf and incoming tangent
// 2 x.dx = 0, so the tangent of len was Inf * 0 = NaN, and
// x / fmax(len, eps), which does not depend on len there, got a NaN Jacobian
// in forward mode while reverse mode (strong zero on the adjoint) gave the
// right I/eps. The analytic references hold in a neighbourhood of each point.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <math.h>

#define EPS 1e-9

// x / max(|x|, EPS): the identity over EPS near the origin.
static void floored_unit(const double *x, double *u) {
  double len = sqrt(x[0] * x[0] + x[1] * x[1]);
  double s = 1.0 / fmax(len, EPS);
  u[0] = x[0] * s;
  u[1] = x[1] * s;
}

// x1 * max(log(x0^2), -5): at x0 = 0, log(0) = -Inf has partial Inf; the
// floor returns -5 for |x0| < exp(-2.5), so the gradient is (0, -5).
static double floored_log(double x0, double x1) {
  return x1 * fmax(log(x0 * x0), -5.0);
}

int main() {
  double x[2] = {0, 0}, u[2];
  for (int col = 0; col < 2; ++col) {
    double dx[2] = {0, 0}, du[2] = {0, 0};
    dx[col] = 1;
    __enzyme_fwddiff_void((void *)floored_unit, enzyme_dup, x, dx, enzyme_dup, u, du);
    for (int row = 0; row < 2; ++row)
      eddy_checkf_tol(du[row], row == col ? 1 / EPS : 0.0, EDDY_RTOL_EXACT,
                      EDDY_ATOL_EXACT, "unit.fwd[%d][%d]", row, col);
  }
  for (int row = 0; row < 2; ++row) {
    double dx[2] = {0, 0}, du[2] = {0, 0};
    du[row] = 1;
    __enzyme_autodiff_void((void *)floored_unit, enzyme_dup, x, dx, enzyme_dup, u, du);
    for (int col = 0; col < 2; ++col)
      eddy_checkf_tol(dx[col], row == col ? 1 / EPS : 0.0, EDDY_RTOL_EXACT,
                      EDDY_ATOL_EXACT, "unit.rev[%d][%d]", row, col);
  }

  eddy_check_tol("log.fwd.x0", __enzyme_fwddiff((void *)floored_log, 0.0, 1.0, 2.0, 0.0),
                 0.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check_tol("log.fwd.x1", __enzyme_fwddiff((void *)floored_log, 0.0, 0.0, 2.0, 1.0),
                 -5.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  typedef struct { double d0, d1; } G2;
  G2 __enzyme_autodiff_g2(void *, ...);
  G2 g = __enzyme_autodiff_g2((void *)floored_log, 0.0, 2.0);
  eddy_check_tol("log.rev.x0", g.d0, 0.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check_tol("log.rev.x1", g.d1, -5.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  return eddy_summary();
}

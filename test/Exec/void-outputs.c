// void functions that write their results through pointers. Reverse: the
// caller seeds the output shadow with the cotangent w and gets w^T J (in the
// returned active scalars and/or the input shadows). Forward: the tangent of
// the outputs lands in the output shadow. enzyme_dupnoneed gives the same
// derivatives (the primal output need not be written).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dr, dt; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

// (r, t) -> (r cos t, r sin t, r^2 t)
static void polar(double r, double t, double *out) {
  out[0] = r * cos(t);
  out[1] = r * sin(t);
  out[2] = r * r * t;
}

#define N 4
static void softmax(const double *z, double *p, int n) {
  double m = z[0], s = 0;
  for (int i = 1; i < n; ++i)
    m = z[i] > m ? z[i] : m; // max for stability: no derivative of its own
  for (int i = 0; i < n; ++i) {
    p[i] = exp(z[i] - m);
    s += p[i];
  }
  for (int i = 0; i < n; ++i)
    p[i] /= s;
}

int main(void) {
  double r = 1.5, t = 0.4;
  // Analytic Jacobian rows: d out / d(r, t).
  double J[3][2] = {{cos(t), -r * sin(t)}, {sin(t), r * cos(t)}, {2 * r * t, r * r}};
  double w[3] = {0.7, -1.2, 0.5};
  double ref_r = 0, ref_t = 0;
  for (int i = 0; i < 3; ++i) {
    ref_r += w[i] * J[i][0];
    ref_t += w[i] * J[i][1];
  }

  double out[3] = {0}, dout[3] = {w[0], w[1], w[2]};
  D2 g = __enzyme_autodiff_d2((void *)polar, r, t, enzyme_dup, out, dout);
  eddy_check("polar.rev.dr", g.dr, ref_r);
  eddy_check("polar.rev.dt", g.dt, ref_t);
  eddy_check("polar.rev.primal", out[2], r * r * t);

  double dout2[3] = {w[0], w[1], w[2]};
  g = __enzyme_autodiff_d2((void *)polar, r, t, enzyme_dupnoneed, out, dout2);
  eddy_check("polar.rev.dupnoneed.dr", g.dr, ref_r);
  eddy_check("polar.rev.dupnoneed.dt", g.dt, ref_t);

  // Forward: tangent direction (a, b) gives J (a, b) in dout.
  double a = 0.3, b = -2.0, fo[3] = {0}, dfo[3] = {0};
  __enzyme_fwddiff_void((void *)polar, r, a, t, b, fo, dfo);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dfo[i], J[i][0] * a + J[i][1] * b, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "polar.fwd.out[%d]", i, 0);
  double dfo2[3] = {0};
  __enzyme_fwddiff_void((void *)polar, r, a, t, b, enzyme_dupnoneed, fo, dfo2);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dfo2[i], J[i][0] * a + J[i][1] * b, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "polar.fwd.dupnoneed.out[%d]", i, 0);

  // softmax: full Jacobian by reverse rows and by forward columns, against
  // the analytic dp_i/dz_j = p_i ([i==j] - p_j).
  double z[N] = {0.2, -1.0, 1.4, 0.5}, p[N], Jr[N][N], Jf[N][N];
  softmax(z, p, N);
  for (int i = 0; i < N; ++i) {
    double dz[N] = {0}, pp[N], dp[N] = {0};
    dp[i] = 1.0;
    __enzyme_autodiff_void((void *)softmax, z, dz, pp, dp, N);
    for (int j = 0; j < N; ++j)
      Jr[i][j] = dz[j];
  }
  for (int j = 0; j < N; ++j) {
    double dz[N] = {0}, pp[N], dp[N] = {0};
    dz[j] = 1.0;
    __enzyme_fwddiff_void((void *)softmax, z, dz, pp, dp, N);
    for (int i = 0; i < N; ++i)
      Jf[i][j] = dp[i];
  }
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = p[i] * ((i == j) - p[j]);
      eddy_checkf_tol(Jr[i][j], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "softmax.rev.J[%d][%d]", i, j);
      eddy_checkf_tol(Jf[i][j], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "softmax.fwd.J[%d][%d]", i, j);
    }
  return eddy_summary();
}

// CHECK: OK polar.rev.dr
// CHECK: OK polar.rev.dupnoneed.dt
// CHECK: OK polar.fwd.out[2]
// CHECK: OK polar.fwd.dupnoneed.out[2]
// CHECK: OK softmax.rev.J[3][3]
// CHECK: OK softmax.fwd.J[3][3]
// CHECK: ALL OK

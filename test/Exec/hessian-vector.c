// Hessian-vector products by forward-over-reverse: the forward derivative of
// a function that itself requests a reverse gradient. For
//   f(x) = sum_i exp(x_i x_{i+1}) + x_0^2 x_2^2
// the Hessian is written out by hand; H v is checked for the unit vectors
// (Hessian columns, which must be symmetric) and a random direction, and
// against central differences of the gradient.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 4

static double f(const double *x) {
  double s = 0;
  for (int i = 0; i + 1 < N; ++i)
    s += exp(x[i] * x[i + 1]);
  return s + x[0] * x[0] * x[2] * x[2];
}

// g = grad f(x) (g is zeroed here: reverse mode adds into it).
static void grad(const double *x, double *g) {
  for (int i = 0; i < N; ++i)
    g[i] = 0;
  __enzyme_autodiff_void((void *)f, x, g);
}

static void hessian(const double *x, double H[N][N]) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      H[i][j] = 0;
  for (int i = 0; i + 1 < N; ++i) {
    double e = exp(x[i] * x[i + 1]), a = x[i], b = x[i + 1];
    H[i][i] += b * b * e;
    H[i + 1][i + 1] += a * a * e;
    H[i][i + 1] += e + a * b * e;
    H[i + 1][i] += e + a * b * e;
  }
  H[0][0] += 2 * x[2] * x[2];
  H[2][2] += 2 * x[0] * x[0];
  H[0][2] += 4 * x[0] * x[2];
  H[2][0] += 4 * x[0] * x[2];
}

int main(void) {
  double x[N] = {0.3, -0.6, 0.9, 0.4}, H[N][N];
  hessian(x, H);
  double Hv[N][N];
  for (int j = 0; j < N; ++j) {
    double v[N] = {0}, g[N], hv[N] = {0};
    v[j] = 1.0;
    __enzyme_fwddiff_void((void *)grad, x, v, g, hv);
    for (int i = 0; i < N; ++i)
      Hv[i][j] = hv[i];
  }
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      eddy_checkf_tol(Hv[i][j], H[i][j], 1e-12, 1e-14, "hvp.column.H[%d][%d]", i, j);
      eddy_checkf_tol(Hv[i][j], Hv[j][i], 1e-12, 1e-14, "hvp.symmetric[%d][%d]", i, j);
    }
  // The hand-written Hessian against central differences of the gradient
  // (the gradient from reverse mode has been checked elsewhere).
  for (int j = 0; j < N; ++j) {
    double xp[N], xm[N], gp[N], gm[N], h = eddy_fd_step(x[j]);
    for (int i = 0; i < N; ++i)
      xp[i] = xm[i] = x[i];
    xp[j] += h;
    xm[j] -= h;
    grad(xp, gp);
    grad(xm, gm);
    for (int i = 0; i < N; ++i)
      eddy_checkf_tol(H[i][j], (gp[i] - gm[i]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD, "hessian.fd_of_rev_grad[%d][%d]", i, j);
  }
  double v[N] = {0.5, -1.0, 0.25, 2.0}, g[N], hv[N] = {0};
  __enzyme_fwddiff_void((void *)grad, x, v, g, hv);
  for (int i = 0; i < N; ++i) {
    double ref = 0;
    for (int j = 0; j < N; ++j)
      ref += H[i][j] * v[j];
    eddy_checkf_tol(hv[i], ref, 1e-12, 1e-14, "hvp.random[%d]", i, 0);
  }
  return eddy_summary();
}

// CHECK: OK hvp.column.H[3][3]
// CHECK: OK hessian.fd_of_rev_grad[3][3]
// CHECK: OK hvp.random[3]
// CHECK: ALL OK

// Arrays overwritten in place: x[i] = x[i] * x[i-1] turns x into its prefix
// products, so the reverse sweep needs values that the forward run destroyed.
// For a void function the same shadow carries the output cotangent in and the
// input adjoint out (reverse), or the input tangent in and the output tangent
// out (forward). The Jacobian of the prefix product is known in closed form:
// dP_i/dx_j = P_i / x_j for j <= i, else 0.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 7

static void prefix_product(double *x, int n) {
  for (int i = 1; i < n; ++i)
    x[i] = x[i] * x[i - 1];
}

// Overwrite with a nonlinear update, then return a scalar read from the array.
static double sin_chain(double *x, int n) {
  for (int i = 1; i < n; ++i)
    x[i] = sin(x[i]) * x[i - 1] + x[i];
  return x[n - 1] * x[n - 1];
}
static double sin_chain_fd(const double *x, void *ctx) {
  double t[N];
  for (int i = 0; i < N; ++i)
    t[i] = x[i];
  return sin_chain(t, N);
}

static void init(double *x) {
  for (int i = 0; i < N; ++i)
    x[i] = 0.8 + 0.1 * i;
}

int main(void) {
  double x0[N], P[N];
  init(x0);
  P[0] = x0[0];
  for (int i = 1; i < N; ++i)
    P[i] = P[i - 1] * x0[i];

  // Reverse, one Jacobian row per pass: seed the output cotangent e_i.
  double J_rev[N][N];
  for (int i = 0; i < N; ++i) {
    double x[N], dx[N] = {0};
    init(x);
    dx[i] = 1.0;
    __enzyme_autodiff_void((void *)prefix_product, x, dx, N);
    for (int j = 0; j < N; ++j)
      J_rev[i][j] = dx[j];
    eddy_checkf_tol(x[i], P[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "prefix.rev.primal_written[%d]", i, 0);
  }
  // Forward, one Jacobian column per pass: tangent e_j in, column out.
  double J_fwd[N][N];
  for (int j = 0; j < N; ++j) {
    double x[N], dx[N] = {0};
    init(x);
    dx[j] = 1.0;
    __enzyme_fwddiff_void((void *)prefix_product, x, dx, N);
    for (int i = 0; i < N; ++i)
      J_fwd[i][j] = dx[i];
  }
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      double ref = j <= i ? P[i] / x0[j] : 0.0;
      eddy_checkf_tol(J_rev[i][j], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "prefix.rev.J[%d][%d]", i, j);
      eddy_checkf_tol(J_fwd[i][j], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "prefix.fwd.J[%d][%d]", i, j);
    }

  // sin_chain: reverse gradient vs FD and vs forward columns.
  double x[N], g[N] = {0};
  init(x);
  double x_init[N];
  init(x_init);
  __enzyme_autodiff((void *)sin_chain, x, g, N);
  for (int j = 0; j < N; ++j) {
    double xf[N], e[N] = {0};
    init(xf);
    e[j] = 1.0;
    double col = __enzyme_fwddiff((void *)sin_chain, xf, e, N);
    eddy_checkf_tol(g[j], eddy_fd_partial(sin_chain_fd, 0, x_init, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "sin_chain.rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, g[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "sin_chain.fwd_vs_rev[%d]", j, 0);
  }
  return eddy_summary();
}

// CHECK: OK prefix.rev.J[6][0]
// CHECK: OK prefix.fwd.J[6][6]
// CHECK: OK sin_chain.rev_vs_fd[0]
// CHECK: OK sin_chain.fwd_vs_rev[6]
// CHECK: ALL OK

// Pointer arguments with shadows (enzyme_dup is the default for pointers):
// reverse mode ADDS the adjoints into the shadow (the caller zeroes it; here
// one shadow is pre-filled to check that the result is added, not stored),
// forward mode reads the tangent from the shadow. A const pointer
// (enzyme_const) gets no derivative. Reverse gradients are checked against
// FD and against forward mode, element by element (forward columns ==
// reverse row).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 6

static double dot(const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * y[i];
  return s;
}

// A smooth nonlinear function of an array: log(sum exp(w_i x_i)) + x_0 x_{n-1},
// w const data.
static double lse(const double *x, const double *w, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += exp(w[i] * x[i]);
  return log(s) + x[0] * x[n - 1];
}
static double lse_fd(const double *x, void *w) { return lse(x, (const double *)w, N); }

int main(void) {
  double x[N], y[N], w[N], dx[N], dy[N];
  for (int i = 0; i < N; ++i) {
    x[i] = 0.5 + 0.25 * i;
    y[i] = 1.0 - 0.3 * i;
    w[i] = 0.2 * (i - 2);
  }

  // dot: the gradient wrt x is y and wrt y is x. dx is pre-filled with 1.
  for (int i = 0; i < N; ++i) {
    dx[i] = 1.0;
    dy[i] = 0.0;
  }
  __enzyme_autodiff((void *)dot, x, dx, enzyme_dup, y, dy, N);
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(dx[i], 1.0 + y[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "dot.rev.dx_added[%d]", i, 0);
    eddy_checkf_tol(dy[i], x[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "dot.rev.dy[%d]", i, 0);
  }
  // Inputs are unchanged by the reverse pass.
  eddy_check_eq("dot.rev.x_untouched", x[2] == 1.0 && y[2] == 1.0 - 0.6, 1);

  // y marked const: only dx changes.
  for (int i = 0; i < N; ++i)
    dx[i] = 0.0;
  __enzyme_autodiff((void *)dot, enzyme_dup, x, dx, enzyme_const, y, N);
  for (int i = 0; i < N; ++i)
    eddy_checkf_tol(dx[i], y[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "dot.rev.const_y.dx[%d]", i, 0);

  // Forward: tangents (v, u) give <y, v> + <x, u>.
  double v[N], u[N], ref = 0;
  for (int i = 0; i < N; ++i) {
    v[i] = 0.1 * i - 0.2;
    u[i] = 0.3 - 0.05 * i * i;
    ref += y[i] * v[i] + x[i] * u[i];
  }
  eddy_check("dot.fwd", __enzyme_fwddiff((void *)dot, x, v, y, u, N), ref);

  // lse: reverse gradient vs FD and vs forward columns.
  double g[N] = {0};
  __enzyme_autodiff((void *)lse, x, g, enzyme_const, w, N);
  for (int i = 0; i < N; ++i) {
    double e[N] = {0};
    e[i] = 1.0;
    double col = __enzyme_fwddiff((void *)lse, enzyme_dup, x, e, enzyme_const, w, N);
    eddy_checkf_tol(g[i], eddy_fd_partial(lse_fd, w, x, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD, "lse.rev_vs_fd[%d]", i, 0);
    eddy_checkf_tol(col, g[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "lse.fwd_vs_rev[%d]", i, 0);
  }
  // And the analytic gradient: softmax(w.x)_i w_i + [i==0] x_{n-1} + [i==n-1] x_0.
  double s = 0;
  for (int i = 0; i < N; ++i)
    s += exp(w[i] * x[i]);
  for (int i = 0; i < N; ++i) {
    double r = exp(w[i] * x[i]) / s * w[i] + (i == 0 ? x[N - 1] : 0) + (i == N - 1 ? x[0] : 0);
    eddy_checkf_tol(r, eddy_fd_partial(lse_fd, w, x, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD, "lse.analytic.ref_vs_fd[%d]", i, 0);
    eddy_checkf_tol(g[i], r, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "lse.rev_vs_analytic[%d]", i, 0);
  }
  return eddy_summary();
}

// CHECK: OK dot.rev.dx_added[0]
// CHECK: OK dot.rev.const_y.dx[5]
// CHECK: OK dot.fwd
// CHECK: OK lse.fwd_vs_rev[5]
// CHECK: OK lse.rev_vs_analytic[5]
// CHECK: ALL OK

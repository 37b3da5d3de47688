// The differentiated function allocates a scratch buffer on the heap, copies
// active data into it with memcpy, clears another with memset, and frees
// both: shadows must follow the allocation and the copies.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

#define N 8

// Smooths a copy of x three times (in place in the heap copy), then returns
// sum_i (copy_i)^2 + acc where acc starts from a memset-zeroed buffer.
static double smooth_energy(const double *x, int n) {
  double *t = malloc(n * sizeof(double));
  double *acc = malloc(n * sizeof(double));
  memcpy(t, x, n * sizeof(double));
  memset(acc, 0, n * sizeof(double));
  for (int pass = 0; pass < 3; ++pass)
    for (int i = 1; i + 1 < n; ++i) {
      t[i] = 0.25 * t[i - 1] + 0.5 * t[i] + 0.25 * t[i + 1];
      acc[i] += sin(t[i]);
    }
  double e = 0;
  for (int i = 0; i < n; ++i)
    e += t[i] * t[i] + acc[i];
  free(t);
  free(acc);
  return e;
}
static double smooth_fd(const double *x, void *ctx) { return smooth_energy(x, N); }

int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = cos(1.3 * i);
  __enzyme_autodiff((void *)smooth_energy, x, dx, N);
  for (int i = 0; i < N; ++i) {
    double e[N] = {0};
    e[i] = 1;
    eddy_checkf_tol(dx[i], eddy_fd_partial(smooth_fd, 0, x, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD, "smooth.rev_vs_fd[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)smooth_energy, x, e, N), dx[i], 1e-12, 1e-14, "smooth.fwd_vs_rev[%d]", i, 0);
  }
  return eddy_summary();
}

// CHECK: OK smooth.rev_vs_fd[7]
// CHECK: OK smooth.fwd_vs_rev[7]
// CHECK: ALL OK

// realloc inside the differentiated function, in both modes: a buffer that
// starts empty (realloc(NULL, n)), doubles its capacity as it fills (the
// data moves), is shrunk at the end, and is read after every move. Eddy
// splits realloc into malloc + memcpy + free before differentiating, so the
// adjoints of the copied elements reach the old block's shadow.
// Reverse gradient vs central FD and vs forward columns, at -O0 and -O2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

#define N 9

static double grow_and_sum(const double *x, int n) {
  double *buf = NULL;
  int size = 0, cap = 0;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    if (size == cap) {
      cap = cap ? 2 * cap : 1;
      buf = (double *)realloc(buf, (size_t)cap * sizeof(double));
    }
    buf[size++] = sin(x[i]) * (1 + 0.1 * i);
    s += buf[size / 2] * buf[size - 1]; // Reads old elements after each move.
  }
  buf = (double *)realloc(buf, 3 * sizeof(double)); // Shrink.
  s += buf[0] * buf[1] * buf[2];
  free(buf);
  return s;
}

static double grow_fd(const double *x, void *n) { return grow_and_sum(x, *(int *)n); }

int main(void) {
  double x[N], g[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = 0.3 * i - 1.1;
  int n = N;
  __enzyme_autodiff((void *)grow_and_sum, x, g, n);
  for (int i = 0; i < N; ++i) {
    double e[N] = {0};
    e[i] = 1;
    eddy_checkf_tol(g[i], eddy_fd_partial(grow_fd, &n, x, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "realloc.rev_vs_fd[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)grow_and_sum, x, e, n), g[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "realloc.fwd_vs_rev[%d]", i, 0);
  }
  return eddy_summary();
}

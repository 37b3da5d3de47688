// A noinline callee that updates an array in place, called from a loop of the
// caller: the reverse sweep must call the callee's adjoint once per iteration,
// in reverse order, each time with that iteration's values (which the next
// call overwrote). Reverse vs central differences and forward columns.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 3
#define STEPS 20

// One step of a nonlinear rotation: (a, b, c) <- (a cos c - b sin c, a sin c + b cos c, c + 0.1 a b)
__attribute__((noinline)) static void step(double *s, double dt) {
  double a = s[0], b = s[1], c = s[2] * dt;
  s[0] = a * cos(c) - b * sin(c);
  s[1] = a * sin(c) + b * cos(c);
  s[2] = s[2] + 0.1 * a * b;
}

static double run(double *s) {
  for (int k = 0; k < STEPS; ++k)
    step(s, 0.5);
  return s[0] + 2 * s[1] + s[2] * s[2];
}

static double run_fd(const double *s0, void *ctx) {
  double s[N] = {s0[0], s0[1], s0[2]};
  return run(s);
}

int main(void) {
  const double s0[N] = {1.0, 0.2, 0.7};
  double s[N] = {s0[0], s0[1], s0[2]}, ds[N] = {0};
  __enzyme_autodiff((void *)run, s, ds);
  for (int j = 0; j < N; ++j) {
    double sf[N] = {s0[0], s0[1], s0[2]}, e[N] = {0};
    e[j] = 1.0;
    double col = __enzyme_fwddiff((void *)run, sf, e);
    eddy_checkf_tol(ds[j], eddy_fd_partial(run_fd, 0, s0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "run.rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, ds[j], 1e-12, 1e-14, "run.fwd_vs_rev[%d]", j, 0);
  }
  return eddy_summary();
}

// CHECK: OK run.rev_vs_fd[2]
// CHECK: OK run.fwd_vs_rev[2]
// CHECK: ALL OK

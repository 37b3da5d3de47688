// The tape grows, many times, both in a noinline function's sweep and inside
// the sweep of the noinline callee it hands the tape to. From -O1 on, each sweep
// keeps the tape's header (buffer, size, capacity) in registers and writes it
// back around such calls: a stale buffer or size after the callee grew the
// tape, or a size not written back before the call, would read wrong values
// in the backward sweep. `step` branches (a push on one path only), so the
// header's values meet at phis. Reverse vs central differences and
// forward columns, at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 2
#define STEPS 1500 // ~100 KB of tape: it grows from 4 KB five times.

// Eight contractive updates; each needs its sin argument's cosine later.
__attribute__((noinline)) static void mix(double *s, double w) {
  for (int k = 0; k < 8; ++k)
    s[k & 1] = w * sin(s[k & 1]) + 0.05 * s[(k + 1) & 1];
}

// A sweep with the tape as an argument that itself hands it on: it pushes
// before and after the callee pushes (and maybe grows the tape).
__attribute__((noinline)) static double step(double *s, int i) {
  double before = s[0] * s[0];
  if (i % 3 == 0)
    s[0] = 0.8 * s[0] * cos(s[1]) + 0.3; // Pushes cos(s1) and s0.
  else
    mix(s, 0.9);
  return 0.01 * exp(-before) + 0.02 * s[1] * sin(s[0]);
}

static double run(double *s) {
  double acc = 0.0;
  for (int i = 0; i < STEPS; ++i)
    acc += step(s, i);
  return acc;
}

static double run_fd(const double *s0, void *ctx) {
  double s[N] = {s0[0], s0[1]};
  return run(s);
}

int main(void) {
  const double s0[N] = {0.7, -0.4};
  double s[N] = {s0[0], s0[1]}, ds[N] = {0};
  __enzyme_autodiff((void *)run, s, ds);
  for (int j = 0; j < N; ++j) {
    double sf[N] = {s0[0], s0[1]}, e[N] = {0};
    e[j] = 1.0;
    double col = __enzyme_fwddiff((void *)run, sf, e);
    eddy_checkf_tol(ds[j], eddy_fd_partial(run_fd, 0, s0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "run.rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, ds[j], 1e-12, 1e-14, "run.fwd_vs_rev[%d]", j, 0);
  }
  return eddy_summary();
}

// CHECK: OK run.rev_vs_fd[0]
// CHECK: OK run.fwd_vs_rev[0]
// CHECK: OK run.rev_vs_fd[1]
// CHECK: OK run.fwd_vs_rev[1]
// CHECK: ALL OK

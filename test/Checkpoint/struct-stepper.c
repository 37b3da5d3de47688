// A stepper whose state hangs off a struct (s->u, s->tmp, s->n, s->k): the
// loop reads the fields in every iteration at -O0, and where the optimizer
// cannot hoist them (the libm call may write errno). Eddy reads them once
// before the checkpointed loop (checking, where they were read, that they
// did not change), so the loop is accepted at every level and its gradient
// (shadow struct with shadow arrays, and the coefficient's adjoint in the
// shadow struct) equals the stored-tape one and finite differences.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

typedef struct {
  double *u, *tmp;
  int n;
  double k;
} Sim;

#define N 12
#define STEPS 40

static double run_taped(Sim *s, int steps) {
  for (int t = 0; t < steps; ++t) {
    for (int j = 0; j < s->n; ++j)
      s->tmp[j] = s->u[j] + s->k * (s->u[(j + 1) % s->n] - s->u[j]) + 0.01 * sin(s->u[j]);
    for (int j = 0; j < s->n; ++j)
      s->u[j] = s->tmp[j];
  }
  double e = 0;
  for (int j = 0; j < s->n; ++j)
    e += (j + 1) * s->u[j] * s->u[j];
  return e;
}

static double run(Sim *s, int steps) {
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int t = 0; t < steps; ++t) {
    for (int j = 0; j < s->n; ++j)
      s->tmp[j] = s->u[j] + s->k * (s->u[(j + 1) % s->n] - s->u[j]) + 0.01 * sin(s->u[j]);
    for (int j = 0; j < s->n; ++j)
      s->u[j] = s->tmp[j];
  }
  double e = 0;
  for (int j = 0; j < s->n; ++j)
    e += (j + 1) * s->u[j] * s->u[j];
  return e;
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.3 + 0.2 * sin(1.3 * j);
}

static double of_u(const double *u0, void *ctx) {
  double u[N], tmp[N];
  memcpy(u, u0, sizeof u);
  Sim s = {u, tmp, N, 0.3};
  return run(&s, STEPS);
}

int main(void) {
  double u[N], tmp[N], du[N] = {0}, dtmp[N] = {0};
  double v[N], vtmp[N], dv[N] = {0}, dvtmp[N] = {0}, u0[N];
  init(u);
  init(v);
  init(u0);
  Sim s = {u, tmp, N, 0.3}, ds = {du, dtmp, 0, 0};
  Sim r = {v, vtmp, N, 0.3}, dr = {dv, dvtmp, 0, 0};
  __enzyme_autodiff((void *)run, enzyme_dup, &s, &ds, enzyme_const, STEPS);
  __enzyme_autodiff((void *)run_taped, enzyme_dup, &r, &dr, enzyme_const, STEPS);
  for (int j = 0; j < N; ++j)
    eddy_checkf_tol(du[j], dv[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "du[%d]", j, 0);
  eddy_check_eq("u_after_bitwise", memcmp(u, v, sizeof u) == 0, 1);
  eddy_check("dk", ds.k, dr.k);
  for (int j = 0; j < N; j += 3)
    eddy_checkf_tol(du[j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD, 1e-9,
                    "du_fd[%d]", j, 0);
  return eddy_summary();
}
// CHECK: ALL OK

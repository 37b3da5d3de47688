// A checkpointed body that calls an inactive function (EDDY_INACTIVE_FUNCTION)
// counting the steps it sees. The compile warns at the call that it runs
// again when steps are recomputed; the gradient is the stored tape's (bit
// for bit: an array) and matches finite differences; and the counter shows
// exactly how often the body ran during the gradient: the forward call's
// plain steps, the backward sweep's recomputed steps and one recorded run of
// each step, forward_advances + reverse_advances + records, with
// forward_advances + reverse_advances = t(n, S) for binomial.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %eddy-clang -I%S/../Inputs -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not="error:" --implicit-check-not="warning: eddy"
// RUN: %eddy-clang -I%S/../Inputs -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not="error:" --implicit-check-not="warning: eddy"
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"
#include "eddy_revolve.h"

#define N 6
#define STEPS 50

static long body_runs;
EDDY_INACTIVE_VARIABLE(body_runs)
__attribute__((noinline)) static void count_step(void) { ++body_runs; }
EDDY_INACTIVE_FUNCTION(count_step)

static double counted(double *u, double k) {
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t) {
    // WARN: inactive-counter.c:[[@LINE+1]]:5: warning: eddy: 'count_step' runs again each time a step of this checkpointed loop is recomputed in the backward sweep
    count_step();
    for (int j = 0; j < N; ++j)
      u[j] = u[j] + k * sin(u[(j + 1) % N]) * u[j];
  }
  return u[0] * u[1] + u[N - 1];
}

static double taped(double *u, double k) {
  for (int t = 0; t < STEPS; ++t) {
    count_step();
    for (int j = 0; j < N; ++j)
      u[j] = u[j] + k * sin(u[(j + 1) % N]) * u[j];
  }
  return u[0] * u[1] + u[N - 1];
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.3 + 0.1 * j;
}

static const double K = 0.05;
static double of_u(const double *u0, void *ctx) {
  double u[N];
  memcpy(u, u0, sizeof u);
  return counted(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return counted(u, k);
}


int main(void) {
  double u[N], du[N] = {0}, v[N], dv[N] = {0}, u0[N];
  init(u);
  init(v);
  init(u0);
  body_runs = 0;
  double dk_ref = __enzyme_autodiff((void *)taped, v, dv, K);
  eddy_check_eq("taped.body_runs", body_runs, STEPS);

  body_runs = 0;
  double dk = __enzyme_autodiff((void *)counted, u, du, K);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("steps", st.steps, STEPS);
  eddy_check_eq("records", st.records, STEPS);
  eddy_check_eq("advances", st.forward_advances + st.reverse_advances,
                eddy_revolve_minimum(STEPS, 3));
  eddy_check_eq("body_runs", body_runs,
                st.forward_advances + st.reverse_advances + st.records);

  eddy_check_eq("du_bitwise", memcmp(du, dv, sizeof du) == 0, 1);
  eddy_check_eq("u_after_bitwise", memcmp(u, v, sizeof u) == 0, 1);
  eddy_check("dk", dk, dk_ref);
  for (int j = 0; j < N; ++j)
    eddy_checkf_tol(du[j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "du_fd[%d]", j, 0);
  eddy_check_fd("dk_fd", dk, eddy_fd(of_k, K));
  return eddy_summary();
}

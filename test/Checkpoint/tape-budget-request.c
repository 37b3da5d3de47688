// The C form of one request's tape budget: `eddy_tape_budget, B` right after
// the function of __enzyme_autodiff, with B known only at run time, in a
// file compiled without -fplugin-arg-eddy-tape-budget. A 4 KB budget
// checkpoints (steps run again, snapshots), a 1 GB one tapes every step;
// the two gradients are identical bit for bit and match central finite
// differences and, to rounding, the same request without a budget (the
// plain stored tape). With enzyme_width 2 after the budget, both lanes are
// the gradient (each lane's return seeded with 1.0).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdio.h>
#include <string.h>
#include "eddy_check.h"

#define N 16
#define STEPS 100

static double heat(double *u, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] + k * (u[(j + N - 1) % N] - 2 * u[j] + u[(j + 1) % N]) -
               0.05 * u[j] * u[j] * u[j];
    memcpy(u, tmp, sizeof tmp);
  }
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * sin(0.7 * j);
}

static const double K = 0.2;
static double of_u(const double *u0, void *ctx) {
  (void)ctx;
  double u[N];
  memcpy(u, u0, sizeof u);
  return heat(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return heat(u, k);
}

typedef struct { double du[N], dk; } Result;
typedef struct { double k0, k1; } K2;
K2 __enzyme_autodiff_k2(void *, ...);

static Result run(long long budget, const char *name, int want_checkpointed) {
  Result r;
  double u[N];
  memset(&r, 0, sizeof r);
  init(u);
  r.dk = __enzyme_autodiff((void *)heat, eddy_tape_budget, budget, u, r.du, K);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  char buf[64];
  snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  snprintf(buf, sizeof buf, "%s.checkpointed", name);
  eddy_check_eq(buf, st.reverse_advances > 0 && st.snapshots > 0, want_checkpointed);
  return r;
}

int main(void) {
  volatile long long small_v = 4096, large_v = 1LL << 30;
  Result small = run(small_v, "small", 1);
  Result large = run(large_v, "large", 0);
  eddy_check_eq("bitwise", memcmp(&small, &large, sizeof small) == 0, 1);

  // No budget in this request: the plain stored tape.
  Result plain;
  double u[N];
  memset(&plain, 0, sizeof plain);
  init(u);
  plain.dk = __enzyme_autodiff((void *)heat, u, plain.du, K);
  char buf[64];
  for (int j = 0; j < N; ++j) {
    snprintf(buf, sizeof buf, "du[%d]", j);
    eddy_check(buf, small.du[j], plain.du[j]);
  }
  eddy_check("dk", small.dk, plain.dk);
  double u0[N];
  init(u0);
  for (int j = 0; j < N; j += 3)
    eddy_checkf_tol(small.du[j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "du_fd[%d]", j, 0);
  eddy_check_fd("dk_fd", small.dk, eddy_fd(of_k, K));

  // Vector reverse mode: the budget, then enzyme_width 2; the return is
  // seeded with 1.0 in both lanes.
  double g0[N] = {0}, g1[N] = {0};
  init(u);
  K2 dk2 = __enzyme_autodiff_k2((void *)heat, eddy_tape_budget, small_v, enzyme_width, 2, u,
                                g0, g1, K);
  for (int j = 0; j < N; j += 5) {
    snprintf(buf, sizeof buf, "w2.lane0.du[%d]", j);
    eddy_check(buf, g0[j], small.du[j]);
    snprintf(buf, sizeof buf, "w2.lane1.du[%d]", j);
    eddy_check(buf, g1[j], small.du[j]);
  }
  eddy_check("w2.dk0", dk2.k0, small.dk);
  eddy_check("w2.dk1", dk2.k1, small.dk);
  return eddy_summary();
}

// Issue 13's heat stepper: 10^6 steps under snapshots(32).
//  - On a smaller run (2,000 steps) the checkpointed gradient equals the
//    stored-tape gradient bit for bit (the same steps' adjoints, in the same
//    order; this kernel's adjoint sums come out in the same order at every
//    level).
//  - On the 10^6-step run: the gradient matches central finite differences,
//    every step is recorded once, and the steps run again are Revolve's
//    minimum t(10^6, 32) = 5,498,058 (r = 6), which the stored tape (about
//    200 MB here) does not need to be run for.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define CELLS 8
#define K 0.2

static void step(double *u, double *tmp) {
  for (int j = 0; j < CELLS; ++j) {
    double l = u[j == 0 ? CELLS - 1 : j - 1], r = u[j == CELLS - 1 ? 0 : j + 1];
    tmp[j] = u[j] + K * (l - 2 * u[j] + r) - 1e-6 * u[j] * u[j] * u[j];
  }
  memcpy(u, tmp, sizeof(double) * CELLS);
}

static double loss(const double *u) {
  double e = 0;
  for (int j = 0; j < CELLS; ++j)
    e += (1.0 + 0.1 * j) * u[j] * u[j];
  return e;
}

static double heat(double *u, double *tmp, long steps) {
#pragma eddy checkpoint(binomial, snapshots(32))
  for (long t = 0; t < steps; ++t)
    step(u, tmp);
  return loss(u);
}

static double heat_taped(double *u, double *tmp, long steps) {
  for (long t = 0; t < steps; ++t)
    step(u, tmp);
  return loss(u);
}

// C(a, b), exactly, for the sizes here.
static unsigned __int128 choose(long a, long b) {
  unsigned __int128 c = 1;
  for (long i = 1; i <= b; ++i)
    c = c * (unsigned __int128)(a - b + i) / (unsigned __int128)i;
  return c;
}

// Revolve's closed form (Griewank and Walther): r*n - C(s + r, r - 1), r the
// least integer with C(s + r, s) >= n. (eddy_revolve.h's dynamic program,
// which checks the formula up to n = 1000, is too slow for 10^6.)
static long revolve(long n, long s) {
  long r = 0;
  while (choose(s + r, s) < (unsigned __int128)n)
    ++r;
  return r * n - (long)choose(s + r, r - 1);
}

static void init(double *u) {
  for (int j = 0; j < CELLS; ++j)
    u[j] = 0.5 + 0.3 * sin(1.7 * j);
}

static long Steps;
static double of_u(const double *u0, void *ctx) {
  double u[CELLS], tmp[CELLS];
  memcpy(u, u0, sizeof u);
  return heat(u, tmp, Steps);
}

int main(void) {
  double u[CELLS], tmp[CELLS], du[CELLS] = {0}, dtmp[CELLS] = {0};
  double v[CELLS], dv[CELLS] = {0};

  // 2,000 steps: bit for bit against the stored tape.
  init(u);
  init(v);
  __enzyme_autodiff((void *)heat, u, du, tmp, dtmp, enzyme_const, 2000L);
  memset(dtmp, 0, sizeof dtmp);
  __enzyme_autodiff((void *)heat_taped, v, dv, tmp, dtmp, enzyme_const, 2000L);
  eddy_check_eq("small.du_bitwise", memcmp(du, dv, sizeof du) == 0, 1);
  for (int j = 0; j < CELLS; ++j)
    eddy_checkf_tol(du[j], dv[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "small.du[%d]", j, 0);

  // 10^6 steps: finite differences and Revolve's count.
  const long n = 1000000;
  init(u);
  memset(du, 0, sizeof du);
  memset(dtmp, 0, sizeof dtmp);
  __enzyme_autodiff((void *)heat, u, du, tmp, dtmp, enzyme_const, n);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("large.steps", st.steps, n);
  eddy_check_eq("large.records", st.records, n);
  eddy_check_eq("large.advances", st.forward_advances + st.reverse_advances,
                revolve(n, 32));
  eddy_check_eq("large.revolve_formula", revolve(n, 32), 5498058);
  double u0[CELLS];
  init(u0);
  Steps = n;
  for (int j = 0; j < CELLS; j += 3) {
    char name[32];
    snprintf(name, sizeof name, "large.du_fd[%d]", j);
    eddy_check_fd(name, du[j], eddy_fd_partial(of_u, NULL, u0, CELLS, j));
  }
  return eddy_summary();
}

// What a snapshot holds (docs/checkpointing.md, "What Eddy stores"): the
// loop's state, not its scratch. A buffer every step fills completely before
// it reads it (tmp below) is dead when a step starts, so no snapshot copies
// it; the driver's peak_snapshot_bytes says how much one snapshot holds:
//  - scratch: tmp filled by a loop, read after it: snapshots hold u, the
//    loop counter and what the optimizer keeps in registers from one step to
//    the next (less than N * 8 + 64 bytes each at every level);
//  - accumulated: tmp[j] += ... reads tmp before writing it: it is state;
//  - scratch_n: the same with the size a run-time value, as the optimizer
//    leaves it (first iteration peeled, inner loops behind guards);
//  - partial: the filling loop covers only half of tmp: state;
//  - aliased: tmp passed as u + N/2, a second pointer into u's array (of 2N):
//    the driver sees the overlap at run time and stores tmp with the state.
// Each gradient against the same code without the pragma (stored tape) and
// central differences.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdint.h>
#include <string.h>
#include "eddy_check.h"

#define N 256
#define STEPS 24
#define S 3

static double loss(const double *u) {
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (1 + 0.01 * j) * u[j] * u[j];
  return e;
}

#define BODY_SCRATCH                                                           \
  for (int j = 0; j < N; ++j)                                                  \
    tmp[j] = u[j] + 0.1 * (u[(j + 1) % N] - u[j]) + 0.02 * sin(u[j]);          \
  for (int j = 0; j < N; ++j)                                                  \
    u[j] = tmp[j];

static double scratch_taped(double *u, double *tmp) {
  for (int t = 0; t < STEPS; ++t) {
    BODY_SCRATCH
  }
  return loss(u);
}

static double scratch(double *u, double *tmp) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < STEPS; ++t) {
    BODY_SCRATCH
  }
  return loss(u);
}

// The same with the size known only at run time: the optimizer peels the
// first iteration and guards the inner loops, which the proof follows.
static double scratch_n_taped(double *u, double *tmp, long n) {
  for (int t = 0; t < STEPS; ++t) {
    for (long j = 0; j < n; ++j)
      tmp[j] = u[j] + 0.1 * (u[j == n - 1 ? 0 : j + 1] - u[j]) + 0.02 * sin(u[j]);
    memcpy(u, tmp, sizeof(double) * n);
  }
  return loss(u);
}

static double scratch_n(double *u, double *tmp, long n) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < STEPS; ++t) {
    for (long j = 0; j < n; ++j)
      tmp[j] = u[j] + 0.1 * (u[j == n - 1 ? 0 : j + 1] - u[j]) + 0.02 * sin(u[j]);
    memcpy(u, tmp, sizeof(double) * n);
  }
  return loss(u);
}

static double scratch_n_all(double *u, double *tmp) { return scratch_n(u, tmp, N); }

#define BODY_ACCUMULATED                                                       \
  for (int j = 0; j < N; ++j)                                                  \
    tmp[j] += 0.01 * u[j];                                                     \
  for (int j = 0; j < N; ++j)                                                  \
    u[j] = u[j] + 0.1 * sin(tmp[j]);

static double accumulated_taped(double *u, double *tmp) {
  for (int t = 0; t < STEPS; ++t) {
    BODY_ACCUMULATED
  }
  return loss(u) + loss(tmp);
}

static double accumulated(double *u, double *tmp) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < STEPS; ++t) {
    BODY_ACCUMULATED
  }
  return loss(u) + loss(tmp);
}

#define BODY_PARTIAL                                                           \
  for (int j = 0; j < N / 2; ++j)                                              \
    tmp[j] = u[j] * 0.5;                                                       \
  for (int j = 0; j < N; ++j)                                                  \
    u[j] = u[j] + 0.1 * sin(tmp[j]);

static double partial_taped(double *u, double *tmp) {
  for (int t = 0; t < STEPS; ++t) {
    BODY_PARTIAL
  }
  return loss(u);
}

static double partial(double *u, double *tmp) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < STEPS; ++t) {
    BODY_PARTIAL
  }
  return loss(u);
}

typedef double (*Fn)(double *, double *);

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.4 + 0.3 * sin(0.9 * j);
}

static Fn FdFn;
static double of_u(const double *u0, void *ctx) {
  double u[N], tmp[N];
  memcpy(u, u0, sizeof u);
  for (int j = 0; j < N; ++j)
    tmp[j] = 0.25 * j / N;
  return FdFn(u, tmp);
}

// A snapshot holds at least `least` bytes and fewer than `below`.
static void check(const char *name, Fn f, const double *du, const double *ref,
                  int64_t least, int64_t below) {
  char buf[64];
  for (int j = 0; j < N; ++j) {
    snprintf(buf, sizeof buf, "%s.du[%d]", name, j);
    eddy_check(buf, du[j], ref[j]);
  }
  double u0[N];
  init(u0);
  FdFn = f;
  for (int j = 0; j < N; j += 51) {
    snprintf(buf, sizeof buf, "%s.du_fd[%d]", name, j);
    eddy_check_fd(buf, du[j], eddy_fd_partial(of_u, NULL, u0, N, j));
  }
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  snprintf(buf, sizeof buf, "%s.snapshot_bytes_at_least", name);
  eddy_check_eq(buf, st.peak_snapshot_bytes >= S * least, 1);
  snprintf(buf, sizeof buf, "%s.snapshot_bytes_below", name);
  eddy_check_eq(buf, st.peak_snapshot_bytes < S * below, 1);
  if (st.peak_snapshot_bytes < S * least || st.peak_snapshot_bytes >= S * below)
    printf("%s: %lld snapshot bytes\n", name, (long long)st.peak_snapshot_bytes);
}

#define GRADIENT(f, du)                                                        \
  do {                                                                         \
    double u[N], tmp[N], dtmp[N] = {0};                                        \
    init(u);                                                                   \
    for (int j = 0; j < N; ++j)                                                \
      tmp[j] = 0.25 * j / N;                                                       \
    __enzyme_autodiff((void *)f, u, du, tmp, dtmp);                            \
  } while (0)

int main(void) {
  // u and tmp: 2 * N * 8 bytes.
  {
    double ref[N] = {0}, du[N] = {0};
    GRADIENT(scratch_taped, ref);
    GRADIENT(scratch, du);
    check("scratch", scratch, du, ref, N * 8, N * 8 + 64);
  }
  {
    double ref[N] = {0}, du[N] = {0};
    {
      double u[N], tmp[N], dtmp[N] = {0};
      init(u);
      __enzyme_autodiff((void *)scratch_n_taped, u, ref, tmp, dtmp, enzyme_const, (long)N);
      init(u);
      __enzyme_autodiff((void *)scratch_n, u, du, tmp, dtmp, enzyme_const, (long)N);
    }
    check("scratch_n", scratch_n_all, du, ref, N * 8, N * 8 + 64);
  }
  {
    double ref[N] = {0}, du[N] = {0};
    GRADIENT(accumulated_taped, ref);
    GRADIENT(accumulated, du);
    check("accumulated", accumulated, du, ref, 2 * N * 8, 2 * N * 8 + 64);
  }
  {
    double ref[N] = {0}, du[N] = {0};
    GRADIENT(partial_taped, ref);
    GRADIENT(partial, du);
    check("partial", partial, du, ref, N * 8 + N / 2 * 8, N * 8 + N / 2 * 8 + 64);
  }
  {
    // u and tmp in one array of 2N: the taped gradient is the reference.
    static double a[2 * N], da[2 * N], b[2 * N], db[2 * N];
    init(a);
    init(b);
    __enzyme_autodiff((void *)scratch_taped, a, da, a + N / 2, da + N / 2);
    __enzyme_autodiff((void *)scratch, b, db, b + N / 2, db + N / 2);
    char buf[64];
    for (int j = 0; j < 2 * N; j += 7) {
      snprintf(buf, sizeof buf, "aliased.du[%d]", j);
      eddy_check(buf, db[j], da[j]);
    }
    eddy_checkpoint_stats st;
    eddy_checkpoint_last_stats(&st);
    eddy_check_eq("aliased.snapshot_bytes_at_least",
                  st.peak_snapshot_bytes >= S * (N * 8 + N * 8), 1);
  }
  return eddy_summary();
}

// A checkpointed loop inside a function that is not inlined
// (__attribute__((noinline))), called three times from the differentiated
// function with the state changed in between. The callee gets its own
// forward and backward sweeps, and its backward sweep runs in a stack frame
// of its own, after the callers' code following each call ran. The
// callee's loop reads its parameters (a scalar, an array the caller
// overwrites afterwards) and a local scratch array. Against the same code
// without the pragma (the stored tape) to rounding (1e-14), and central
// finite differences; the driver's last loop
// ran 30 steps, each recorded once.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
//
// The step is outlined from a copy of `evolve`, which GlobalOpt made fastcc;
// the driver's `advance` thunk must call it in its convention (a mismatched
// call is undefined: it was folded to `unreachable`, and the driver's calls of
// `advance` ran into the next function).
// RUN: %eddy-clang -I%S/../Inputs -O1 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// IR-LABEL: define internal i32 @evolve.eddy.ckpt1.loop.advance.
// IR-NOT: unreachable
// IR: ret i32
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define N 8
#define STEPS 30

__attribute__((noinline)) static void evolve(double *u, const double *w, double k) {
  double tmp[N];
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] + k * w[j] * (u[(j + 1) % N] - u[j]) - 0.02 * u[j] * u[j];
    memcpy(u, tmp, sizeof tmp);
  }
}

__attribute__((noinline)) static void evolve_taped(double *u, const double *w, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = u[j] + k * w[j] * (u[(j + 1) % N] - u[j]) - 0.02 * u[j] * u[j];
    memcpy(u, tmp, sizeof tmp);
  }
}

#define MODEL(name, callee)                                                    \
  static double name(double *u, double *w, double k) {                        \
    double s = 0;                                                              \
    for (int r = 0; r < 3; ++r) {                                              \
      callee(u, w, k);                                                         \
      s += u[r] * u[r + 1];                                                    \
      u[0] = sin(u[N - 1]);     /* state changed between the calls */          \
      for (int j = 0; j < N; ++j) /* the weights overwritten after each */     \
        w[j] = w[j] * 0.5 + 0.1 * u[j];                                        \
    }                                                                          \
    return s + u[2];                                                           \
  }
MODEL(model, evolve)
MODEL(model_taped, evolve_taped)

static void init(double *u, double *w) {
  for (int j = 0; j < N; ++j) {
    u[j] = 0.5 + 0.3 * sin(0.8 * j);
    w[j] = 1 + 0.2 * cos(j);
  }
}

static const double K = 0.3;
static int FdWrtW;
static double of_x(const double *x, void *ctx) {
  double u[N], w[N];
  init(u, w);
  memcpy(FdWrtW ? w : u, x, sizeof u);
  return model(u, w, K);
}
static double of_k(double k) {
  double u[N], w[N];
  init(u, w);
  return model(u, w, k);
}

int main(void) {
  double u[N], w[N], du[N] = {0}, dw[N] = {0};
  double v[N], x[N], dv[N] = {0}, dx[N] = {0}, u0[N], w0[N];
  init(u, w);
  init(v, x);
  init(u0, w0);
  double dk_ref = __enzyme_autodiff((void *)model_taped, v, dv, x, dx, K);
  double dk = __enzyme_autodiff((void *)model, u, du, w, dw, K);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("steps", st.steps, STEPS);
  eddy_check_eq("records", st.records, STEPS);

  // To rounding (docs/checkpointing.md, "Bit for bit?"): the adjoint sums
  // are reassociable, and the two sweeps are optimized separately.
  for (int j = 0; j < N; ++j) {
    eddy_checkf_tol(du[j], dv[j], 1e-14, 1e-300, "du_vs_tape[%d]", j, 0);
    eddy_checkf_tol(dw[j], dx[j], 1e-14, 1e-300, "dw_vs_tape[%d]", j, 0);
  }
  eddy_check_eq("memory_after_bitwise",
                memcmp(u, v, sizeof u) == 0 && memcmp(w, x, sizeof w) == 0, 1);
  eddy_check("dk", dk, dk_ref);
  for (int j = 0; j < N; ++j) {
    FdWrtW = 0;
    eddy_checkf_tol(du[j], eddy_fd_partial(of_x, 0, u0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "du_fd[%d]", j, 0);
    FdWrtW = 1;
    eddy_checkf_tol(dw[j], eddy_fd_partial(of_x, 0, w0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "dw_fd[%d]", j, 0);
  }
  eddy_check_fd("dk_fd", dk, eddy_fd(of_k, K));
  return eddy_summary();
}

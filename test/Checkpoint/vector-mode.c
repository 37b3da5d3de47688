// Vector reverse mode (enzyme_width 2 on __enzyme_autodiff) through a
// checkpointed loop: a nonlinear stepper (binomial, snapshots(3), 60 steps)
// updating an array in place and reading a coefficient k, with two outputs.
// One width-2 request gives both rows of the Jacobian w.r.t. the initial
// array, and the two adjoints of k (parameter-major, as a struct). Each lane
// is checked against a width-1 request of the same checkpointed function and
// of the same function without the pragma (the stored tape), and against
// central finite differences; the state left after the request is the
// primal's, and the driver ran 60 steps, each recorded once per request.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

typedef struct { double a, b; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

#define N 8
#define STEPS 60

static void step(double *u, double *tmp, double k) {
  for (int j = 0; j < N; ++j)
    tmp[j] = u[j] + k * (u[(j + 1) % N] - u[j]) - 0.1 * sin(u[j]) * u[(j + 3) % N];
  memcpy(u, tmp, sizeof(double) * N);
}

static void outputs(const double *u, double *y) {
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  y[0] = e;
  y[1] = u[0] * u[3] + cos(u[5]);
}

static void taped(double *u, double k, double *y) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  outputs(u, y);
}

static void ckpt(double *u, double k, double *y) {
  double tmp[N];
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  outputs(u, y);
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.4 + 0.3 * sin(1.1 * j + 0.2);
}

static const double K = 0.15;
static int Row;
static double of_u(const double *u0, void *ctx) {
  double u[N], y[2];
  memcpy(u, u0, sizeof u);
  ckpt(u, K, y);
  return y[Row];
}
static double of_k(double k) {
  double u[N], y[2];
  init(u);
  ckpt(u, k, y);
  return y[Row];
}

int main(void) {
  // Width 2: row i of the Jacobian in lane i (unit cotangents).
  double u[N], g[2][N] = {{0}}, y[2], w[2][2] = {{1, 0}, {0, 1}};
  init(u);
  D2 dk = __enzyme_autodiff_d2((void *)ckpt, enzyme_width, 2, enzyme_dup, u, g[0], g[1],
                               K, enzyme_dup, y, w[0], w[1]);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("width2.steps", st.steps, STEPS);
  eddy_check_eq("width2.records", st.records, STEPS);

  double u_end[N], y_end[2];
  init(u_end);
  taped(u_end, K, y_end);
  eddy_check_eq("width2.u_after_bitwise", memcmp(u, u_end, sizeof u) == 0, 1);
  eddy_check_eq("width2.y_bitwise", memcmp(y, y_end, sizeof y) == 0, 1);

  double dk_lane[2] = {dk.a, dk.b}, u0[N];
  init(u0);
  for (int i = 0; i < 2; ++i) {
    double v[N], gv[N] = {0}, yv[2], wv[2] = {0};
    double r[N], gr[N] = {0}, yr[2], wr[2] = {0};
    init(v);
    init(r);
    wv[i] = wr[i] = 1;
    double dkv = __enzyme_autodiff((void *)ckpt, v, gv, K, yv, wv);
    double dkr = __enzyme_autodiff((void *)taped, r, gr, K, yr, wr);
    Row = i;
    for (int j = 0; j < N; ++j) {
      eddy_checkf_tol(g[i][j], gv[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                      "lane%d_vs_width1[%d]", i, j);
      eddy_checkf_tol(g[i][j], gr[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                      "lane%d_vs_stored_tape[%d]", i, j);
      eddy_checkf_tol(g[i][j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD,
                      EDDY_ATOL_FD, "lane%d_fd[%d]", i, j);
    }
    eddy_checkf_tol(dk_lane[i], dkv, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "dk%d_vs_width1", i, 0);
    eddy_checkf_tol(dk_lane[i], dkr, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "dk%d_vs_stored_tape", i, 0);
    eddy_checkf_tol(dk_lane[i], eddy_fd(of_k, K), EDDY_RTOL_FD, EDDY_ATOL_FD, "dk%d_fd", i, 0);
  }
  return eddy_summary();
}

// Two loops the other schedules cannot serve:
//  - a Newton iteration for sqrt(a) that runs until it converges (online
//    schedule: the trip count is unknown when the loop starts), with its
//    iterate carried from one step to the next in a register;
//  - a checkpointed loop inside a checkpointed loop (each outer step is an
//    inner loop of 5 steps), on an array updated in place.
// Both against analytic derivatives or the stored-tape gradient, and finite
// differences.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

static double cube_of_sqrt(double a) {
  double x = 1.0, err = 1.0;
  int it = 0;
#pragma eddy checkpoint(online, snapshots(3))
  while (err > 1e-15 && it < 100) {
    double nx = 0.5 * (x + a / x);
    err = fabs(nx - x);
    x = nx;
    ++it;
  }
  return x * x * x;
}

#define N 6
static void inner_update(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = sin(u[j]) + 0.1 * u[(j + 1) % N];
}

static double nested_taped(double *u) {
  double s = 0;
  for (int t = 0; t < 7; ++t)
    for (int k = 0; k < 5; ++k) {
      inner_update(u);
      s += u[0] * u[1];
    }
  return s + u[2];
}

static double nested(double *u) {
  double s = 0;
#pragma eddy checkpoint(binomial, snapshots(2))
  for (int t = 0; t < 7; ++t) {
#pragma eddy checkpoint(binomial, snapshots(2))
    for (int k = 0; k < 5; ++k) {
      inner_update(u);
      s += u[0] * u[1];
    }
  }
  return s + u[2];
}

static double of_u(const double *u0, void *ctx) {
  double u[N];
  memcpy(u, u0, sizeof u);
  return nested(u);
}

int main(void) {
  double a = 2.0;
  double d = __enzyme_autodiff((void *)cube_of_sqrt, a);
  eddy_check("newton.d", d, 1.5 * sqrt(a));

  double u0[N], u[N], du[N] = {0}, v[N], dv[N] = {0};
  for (int j = 0; j < N; ++j)
    u0[j] = 0.3 + 0.1 * j;
  memcpy(u, u0, sizeof u);
  memcpy(v, u0, sizeof v);
  __enzyme_autodiff((void *)nested_taped, u, du);
  __enzyme_autodiff((void *)nested, v, dv);
  for (int j = 0; j < N; ++j) {
    eddy_checkf_tol(dv[j], du[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "nested.du[%d]", j, 0);
    eddy_checkf_tol(dv[j], eddy_fd_partial(of_u, 0, u0, N, j), EDDY_RTOL_FD, 1e-9,
                    "nested.fd[%d]", j, 0);
  }
  eddy_check_eq("nested.u_after", memcmp(u, v, sizeof u) == 0, 1);
  return eddy_summary();
}
// CHECK: ALL OK

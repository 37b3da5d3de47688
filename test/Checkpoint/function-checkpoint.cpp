// [[eddy::checkpoint]] on a function (and EDDY_CHECKPOINT in C style): its
// calls in a differentiated function are not taped; each runs again, taped,
// when its adjoint is needed, from the state stored before the call. The
// gradient equals the one of the same code without the attribute, and finite
// differences; the memory the calls leave is the primal's.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <cstring>
#include "eddy_check.h"

#define N 10

// Twenty sweeps of a damped relaxation: a callee with a large tape.
static void relax_plain(double *u, double k) {
  for (int it = 0; it < 20; ++it)
    for (int j = 1; j < N - 1; ++j)
      u[j] += k * (u[j - 1] - 2 * u[j] + u[j + 1]) + 0.01 * std::sin(u[j]);
}
[[eddy::checkpoint]] static void relax(double *u, double k) {
  for (int it = 0; it < 20; ++it)
    for (int j = 1; j < N - 1; ++j)
      u[j] += k * (u[j - 1] - 2 * u[j] + u[j + 1]) + 0.01 * std::sin(u[j]);
}
static void relax_macro(double *u, double k) {
  for (int it = 0; it < 20; ++it)
    for (int j = 1; j < N - 1; ++j)
      u[j] += k * (u[j - 1] - 2 * u[j] + u[j + 1]) + 0.01 * std::sin(u[j]);
}
EDDY_CHECKPOINT(relax_macro)

template <void (*Relax)(double *, double)>
static double model(double *u, double k) {
  double s = 0;
  for (int r = 0; r < 3; ++r) {
    Relax(u, k);
    u[0] += 0.1 * u[3] * u[3];
    s += u[N / 2];
  }
  return s + u[1] * u[2];
}

static double K = 0.2;
static double of_u(const double *u0, void *) {
  double u[N];
  std::memcpy(u, u0, sizeof u);
  return model<relax>(u, K);
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.2 + 0.05 * j;
}

int main() {
  double u0[N], ref[N], dref[N] = {0};
  init(u0);
  init(ref);
  double dk_ref = __enzyme_autodiff((void *)model<relax_plain>, ref, dref, K);

  double u[N], du[N] = {0}, v[N], dv[N] = {0};
  init(u);
  init(v);
  double dk = __enzyme_autodiff((void *)model<relax>, u, du, K);
  double dk_macro = __enzyme_autodiff((void *)model<relax_macro>, v, dv, K);
  eddy_check("attr.dk", dk, dk_ref);
  eddy_check("macro.dk", dk_macro, dk_ref);
  eddy_check_eq("attr.u_after", std::memcmp(u, ref, sizeof u) == 0, 1);
  eddy_check_eq("macro.u_after", std::memcmp(v, ref, sizeof v) == 0, 1);
  for (int j = 0; j < N; ++j) {
    eddy_checkf_tol(du[j], dref[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "attr.du[%d]", j, 0);
    eddy_checkf_tol(dv[j], dref[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "macro.du[%d]", j, 0);
    eddy_checkf_tol(du[j], eddy_fd_partial(of_u, nullptr, u0, N, j), EDDY_RTOL_FD, 1e-9,
                    "attr.fd[%d]", j, 0);
  }
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("stats.steps", st.steps, 1);
  eddy_check_eq("stats.records", st.records, 1);
  return eddy_summary();
}
// CHECK: ALL OK

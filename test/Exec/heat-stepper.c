// An in-place explicit heat-equation stepper with a cubic reaction term, run
// for 50 steps on 16 cells (Gauss-Seidel order: cell i already sees the new
// value of cell i-1). Loss = sum u^2 at the end. Every step overwrites u, so
// the reverse sweep must restore 800 overwritten values. Reverse gradient wrt
// the initial field (shadow) and the diffusion coefficient (returned), against
// FD for every entry and against forward mode in random directions.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

#define CELLS 16
#define STEPS 50

static double heat(double *u, double k, int steps) {
  for (int t = 0; t < steps; ++t)
    for (int i = 1; i < CELLS - 1; ++i)
      u[i] += k * (u[i - 1] - 2 * u[i] + u[i + 1]) - 0.05 * u[i] * u[i] * u[i];
  double e = 0;
  for (int i = 0; i < CELLS; ++i)
    e += u[i] * u[i];
  return e;
}

static void init(double *u) {
  for (int i = 0; i < CELLS; ++i)
    u[i] = sin(0.4 * i) + 0.5;
}

// FD references: heat() overwrites its argument, so work on a copy.
static double K = 0.2;
static double heat_of_u(const double *u0, void *ctx) {
  double u[CELLS];
  for (int i = 0; i < CELLS; ++i)
    u[i] = u0[i];
  return heat(u, K, STEPS);
}
static double heat_of_k(double k) {
  double u[CELLS];
  init(u);
  return heat(u, k, STEPS);
}

int main(void) {
  double u[CELLS], du[CELLS] = {0}, u0[CELLS];
  init(u);
  init(u0);
  double dk = __enzyme_autodiff((void *)heat, u, du, K, STEPS);

  eddy_quiet = 1; // 16 entries; print failures only
  for (int i = 0; i < CELLS; ++i)
    eddy_checkf_tol(du[i], eddy_fd_partial(heat_of_u, 0, u0, CELLS, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "heat.rev_vs_fd.du0[%d]", i, 0);
  eddy_quiet = 0;
  eddy_check_fd("heat.rev_vs_fd.dk", dk, eddy_fd(heat_of_k, K));

  // Forward mode: the JVP in direction (v, vk) equals <du, v> + dk vk.
  for (int r = 0; r < 3; ++r) {
    double uf[CELLS], v[CELLS], dot = 0, vk = eddy_rand();
    init(uf);
    for (int i = 0; i < CELLS; ++i) {
      v[i] = eddy_rand();
      dot += du[i] * v[i];
    }
    double jvp = __enzyme_fwddiff((void *)heat, uf, v, K, vk, STEPS);
    eddy_checkf_tol(jvp, dot + dk * vk, 1e-10, 1e-12, "heat.fwd_vs_rev.dir[%d]", r, 0);
  }
  return eddy_summary();
}

// CHECK: OK heat.rev_vs_fd.dk
// CHECK: OK heat.fwd_vs_rev.dir[2]
// CHECK: ALL OK

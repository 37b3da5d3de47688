// A checkpointed loop in a const member function, through eddy.hpp:
// eddy::gradient(eddy::fn<&Sim::run>, eddy::constant(sim), eddy::ptr(u, N), k),
// the object's field read after the loop. Against the same loop without the
// pragma in a free function (the stored tape) to rounding (see cpp-api.cpp
// for why not bit for bit), and central finite differences; the array left
// after the gradient is the primal's bit for bit, and the driver ran every
// step once, recorded once.
// Not covered (known bugs, reported): a loop whose trip count is a field
// (`t < steps`) reads it once into a slot of the member's forward frame,
// which the backward sweep reads after that frame returned (-O2: a crash, or
// garbage for dk); d/dk through eddy::dual of an object holding k is 0 at -O0.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <cmath>
#include <cstring>
#include <vector>

constexpr int N = 10;
constexpr int STEPS = 80;

static void step(double *u, double *tmp, double k) {
  for (int j = 0; j < N; ++j)
    tmp[j] = u[j] + k * (u[(j + N - 1) % N] - 2 * u[j] + u[(j + 1) % N]) -
             0.05 * u[j] * u[j] * u[j];
  std::memcpy(u, tmp, sizeof(double) * N);
}

static double loss(const double *u) {
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

struct Sim {
  double scale; // Read after the loop only.
  double run(double *u, double k) const {
    double tmp[N];
#pragma eddy checkpoint(periodic, every(8))
    for (int t = 0; t < STEPS; ++t)
      step(u, tmp, k);
    return scale * loss(u);
  }
};

// The reference: the same loop without the pragma, in a free function.
static double heat_taped(double *u, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * std::sin(0.7 * j);
}

static const double K = 0.2;
static const Sim TheSim{1.0};
static double of_u(const double *u0, void *) {
  double u[N];
  std::memcpy(u, u0, sizeof u);
  return TheSim.run(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return TheSim.run(u, k);
}

int main() {
  Sim sim{1.0};
  double u[N], u_end[N], u0[N];
  init(u);
  init(u0);
  auto [du, dk] = eddy::gradient(eddy::fn<&Sim::run>, eddy::constant(sim), eddy::ptr(u, N), K);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("steps", st.steps, STEPS);
  eddy_check_eq("records", st.records, STEPS);
  eddy_check_eq("forward_advances", st.forward_advances, STEPS);

  double dut[N] = {0};
  init(u_end);
  double dkt = __enzyme_autodiff((void *)heat_taped, u_end, dut, K);
  eddy_check_eq("u_after_bitwise", std::memcmp(u, u_end, sizeof u) == 0, 1);
  for (int j = 0; j < N; ++j) {
    eddy_checkf_tol(du[j], dut[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "du[%d]", j, 0);
    eddy_checkf_tol(du[j], eddy_fd_partial(of_u, nullptr, u0, N, j), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "du_fd[%d]", j, 0);
  }
  eddy_check("dk", dk, dkt);
  eddy_check_fd("dk_fd", dk, eddy_fd(of_k, K));
  return eddy_summary();
}

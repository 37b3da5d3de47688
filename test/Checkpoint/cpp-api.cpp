// Checkpointed loops through eddy.hpp (a member function: cpp-member.cpp):
// eddy::gradient of
//  - a function template whose snapshot count is its template parameter,
//    at two instantiations.
// Each against the same code without the pragma (the stored tape) to
// rounding (not bit for bit: at -O2/-O3 the optimizer may reorder the
// reassociable adjoint sums of a step differently in the checkpointed step,
// a few ulps here), and central finite differences. The memory left after
// the gradient is the primal's bit for bit, and the driver's counts show the
// loop was checkpointed.
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

static double heat_taped(double *u, double k) {
  double tmp[N];
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

// A function template: the snapshot count is a template parameter.
template <int S> static double heat(double *u, double k) {
  double tmp[N];
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * std::sin(0.7 * j);
}

static const double K = 0.2;
static double (*FdFn)(double *, double);
static double of_u(const double *u0, void *) {
  double u[N];
  std::memcpy(u, u0, sizeof u);
  return FdFn(u, K);
}
static double of_k(double k) {
  double u[N];
  init(u);
  return FdFn(u, k);
}

static void check_stats(const char *name) {
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  std::snprintf(buf, sizeof buf, "%s.records", name);
  eddy_check_eq(buf, st.records, STEPS);
}

static void check_array(const char *name, const double *got, const double *want) {
  char buf[64];
  double u0[N];
  init(u0);
  for (int j = 0; j < N; ++j) {
    std::snprintf(buf, sizeof buf, "%s.du[%d]", name, j);
    eddy_check(buf, got[j], want[j]);
  }
  for (int j = 0; j < N; j += 3) {
    std::snprintf(buf, sizeof buf, "%s.du_fd[%d]", name, j);
    eddy_check_fd(buf, got[j], eddy_fd_partial(of_u, nullptr, u0, N, j));
  }
}

int main() {
  double ref_u[N], ref_du[N] = {0};
  init(ref_u);
  double ref_dk = __enzyme_autodiff((void *)heat_taped, ref_u, ref_du, K);

  // (A lambda whose loop runs on a std::vector it owns is not here: the
  // vector's buffer is freed before the backward sweep, which the driver
  // would then read and write; docs/checkpointing.md, "not supported yet".)

  // A function template, two instantiations.
  {
    double u[N];
    init(u);
    auto [du, dk] = eddy::gradient(heat<3>, eddy::ptr(u, N), K);
    check_stats("template3");
    FdFn = heat<3>;
    check_array("template3", du.data(), ref_du);
    eddy_check("template3.dk", dk, ref_dk);
    eddy_check_fd("template3.dk_fd", dk, eddy_fd(of_k, K));
    eddy_check_eq("template3.u_after_bitwise", std::memcmp(u, ref_u, sizeof u) == 0, 1);

    init(u);
    auto [du1, dk1] = eddy::gradient(heat<1>, eddy::ptr(u, N), K);
    check_stats("template1");
    check_array("template1", du1.data(), ref_du);
    eddy_check("template1.dk", dk1, ref_dk);
  }

  return eddy_summary();
}

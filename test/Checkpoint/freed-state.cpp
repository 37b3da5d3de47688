// Checkpointed loops whose memory is freed before the backward sweep runs:
//  - local std::vector state and scratch (freed by their destructors: a
//    callee at -O0, inlined code at -O2);
//  - malloc'd state freed in the function, its memory handed out again by
//    the next malloc and overwritten (so that a backward sweep reading the
//    freed block would get the wrong numbers, not only a valgrind report);
//  - a std::vector taken by value (its copy dies in the caller's frame);
//  - a lambda that owns the vector it steps, through eddy.hpp.
// The backward sweep runs on the driver's copy of the loop's memory, so each
// gradient equals the same code without the pragma (the stored tape; to
// rounding: the optimizer may reassociate a step's adjoint sums differently)
// and central differences, and the caller's memory after the gradient is
// what the primal leaves, bit for bit. Run under valgrind by the suite's
// valgrind job, which reports any read of freed memory.
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
#include <cstdlib>
#include <cstring>
#include <vector>

constexpr int N = 12;
constexpr int STEPS = 30;
static const double K = 0.15;

static double rhs(const double *u, int j, double k) {
  return u[j] + k * (u[(j + N - 1) % N] - 2 * u[j] + u[(j + 1) % N]) -
         0.05 * u[j] * u[j] * u[j];
}

static double loss(const double *u) {
  double e = 0;
  for (int j = 0; j < N; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

// The reference: the same steps, taped, on arrays of the caller.
static double taped(const double *u0, double k) {
  double u[N], tmp[N];
  std::memcpy(u, u0, sizeof u);
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = rhs(u, j, k);
    for (int j = 0; j < N; ++j)
      u[j] = tmp[j];
  }
  return loss(u);
}

static double vectors(const double *u0, double k) {
  std::vector<double> u(u0, u0 + N), tmp(N);
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = rhs(u.data(), j, k);
    for (int j = 0; j < N; ++j)
      u[j] = tmp[j];
  }
  return loss(u.data());
}

static double heap(const double *u0, double k) {
  double *u = static_cast<double *>(std::malloc(N * sizeof(double)));
  double *tmp = static_cast<double *>(std::malloc(N * sizeof(double)));
  for (int j = 0; j < N; ++j)
    u[j] = u0[j];
#pragma eddy checkpoint(periodic, every(4))
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = rhs(u, j, k);
    for (int j = 0; j < N; ++j)
      u[j] = tmp[j];
  }
  double e = loss(u);
  std::free(tmp);
  std::free(u);
  // Likely the block just freed: scribble over it.
  double *junk = static_cast<double *>(std::malloc(N * sizeof(double)));
  for (int j = 0; j < N; ++j)
    junk[j] = 1e300;
  e += 0.0 * junk[N - 1];
  std::free(junk);
  return e;
}

static double by_value_inner(std::vector<double> u, double k) {
  std::vector<double> tmp(N);
#pragma eddy checkpoint(online, snapshots(3))
  for (int t = 0; t < STEPS; ++t) {
    for (int j = 0; j < N; ++j)
      tmp[j] = rhs(u.data(), j, k);
    for (int j = 0; j < N; ++j)
      u[j] = tmp[j];
  }
  return loss(u.data());
}

static double by_value(const double *u0, double k) {
  return by_value_inner(std::vector<double>(u0, u0 + N), k);
}

static void init(double *u) {
  for (int j = 0; j < N; ++j)
    u[j] = 0.5 + 0.4 * std::sin(0.7 * j);
}

static double (*FdFn)(const double *, double);
static double of_u(const double *u0, void *) { return FdFn(u0, K); }
static double of_k(double k) {
  double u[N];
  init(u);
  return FdFn(u, k);
}

// The gradient of f at the initial state, in u, du and dk (a macro: a
// request names the function it differentiates).
#define GRADIENT(f)                                                            \
  double u[N], du[N] = {0}, before[N];                                         \
  init(u);                                                                     \
  std::memcpy(before, u, sizeof u);                                            \
  double dk = __enzyme_autodiff((void *)f, enzyme_dup, u, du, enzyme_out, K)

static void check(const char *name, double (*f)(const double *, double),
                  const double *u, const double *before, const double *du,
                  double dk, const double *ref_du, double ref_dk) {
  char buf[64];
  for (int j = 0; j < N; ++j) {
    std::snprintf(buf, sizeof buf, "%s.du[%d]", name, j);
    eddy_check(buf, du[j], ref_du[j]);
  }
  FdFn = f;
  for (int j = 0; j < N; j += 4) {
    std::snprintf(buf, sizeof buf, "%s.du_fd[%d]", name, j);
    eddy_check_fd(buf, du[j], eddy_fd_partial(of_u, nullptr, u, N, j));
  }
  std::snprintf(buf, sizeof buf, "%s.dk", name);
  eddy_check(buf, dk, ref_dk);
  std::snprintf(buf, sizeof buf, "%s.dk_fd", name);
  eddy_check_fd(buf, dk, eddy_fd(of_k, K));
  std::snprintf(buf, sizeof buf, "%s.u_untouched", name);
  eddy_check_eq(buf, std::memcmp(u, before, N * sizeof(double)) == 0, 1);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  std::snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
}

int main() {
  double u[N], ref_du[N] = {0};
  init(u);
  double ref_dk = __enzyme_autodiff((void *)taped, enzyme_dup, u, ref_du, enzyme_out, K);

  {
    GRADIENT(vectors);
    check("vectors", vectors, u, before, du, dk, ref_du, ref_dk);
  }
  {
    GRADIENT(heap);
    check("heap", heap, u, before, du, dk, ref_du, ref_dk);
  }
  {
    GRADIENT(by_value);
    check("by_value", by_value, u, before, du, dk, ref_du, ref_dk);
  }

  // A lambda that owns the vector it steps, through eddy.hpp.
  {
    auto f = [](std::vector<double> u, double k) {
      std::vector<double> tmp(N);
#pragma eddy checkpoint(binomial, snapshots(4))
      for (int t = 0; t < STEPS; ++t) {
        for (int j = 0; j < N; ++j)
          tmp[j] = rhs(u.data(), j, k);
        for (int j = 0; j < N; ++j)
          u[j] = tmp[j];
      }
      return loss(u.data());
    };
    std::vector<double> v(N);
    init(v.data());
    auto [du, dk] = eddy::gradient(f, v, K);
    char buf[64];
    for (int j = 0; j < N; ++j) {
      std::snprintf(buf, sizeof buf, "lambda.du[%d]", j);
      eddy_check(buf, du[j], ref_du[j]);
    }
    eddy_check("lambda.dk", dk, ref_dk);
  }
  return eddy_summary();
}

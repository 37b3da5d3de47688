// Hessian-vector products through checkpointed loops whose memory is freed
// before the backward sweep runs (freed-state.cpp's cases, one order up):
//  - local std::vector state and scratch, freed by their destructors;
//  - malloc'd state and scratch freed in the function, the block handed out
//    again and overwritten (a backward sweep reading it would get wrong
//    numbers, not only a valgrind report).
// The tangent loop runs on the driver's copy of its memory and of its
// tangents (the tangents' pointer groups move with their own copy), so
// H (v, vk), by __enzyme_fwddiff over the gradient, equals the same with the
// stored tape to 1e-11 relative (plus 1e-13 of the largest entry: the
// adjoint sums are reassociable, docs/checkpointing.md), and central
// differences of the stored-tape gradient along (v, vk) with h = cbrt(eps)
// to 1e-6 relative (plus 1e-9 of the largest entry; hvp-heat.c has the
// error budget).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

constexpr int N = 12;
constexpr int STEPS = 30;
static const double K = 0.15, VK = 0.4;

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

// du += the gradient w.r.t. u0, *dk += the one w.r.t. k.
#define DEFINE_GRAD(NAME, F)                                                   \
  static void NAME(const double *u0, double *du, double k, double *dk) {       \
    *dk += __enzyme_autodiff((void *)F, enzyme_dup, u0, du, enzyme_out, k);    \
  }
DEFINE_GRAD(grad_taped, taped)
DEFINE_GRAD(grad_vectors, vectors)
DEFINE_GRAD(grad_heap, heap)

static double U0[N], V[N];

// H (v, vk): hu in u0's entries, *hk in k's.
#define DEFINE_HVP(NAME, GRAD)                                                 \
  static void NAME(double *hu, double *hk) {                                   \
    double u0[N], v[N], du[N] = {0}, dk = 0;                                   \
    std::memcpy(u0, U0, sizeof u0);                                            \
    std::memcpy(v, V, sizeof v);                                               \
    std::memset(hu, 0, N * sizeof *hu);                                        \
    *hk = 0;                                                                   \
    __enzyme_fwddiff((void *)GRAD, u0, v, du, hu, K, VK, &dk, hk);             \
  }
DEFINE_HVP(hvp_taped, grad_taped)
DEFINE_HVP(hvp_vectors, grad_vectors)
DEFINE_HVP(hvp_heap, grad_heap)

int main() {
  for (int j = 0; j < N; ++j) {
    U0[j] = 0.5 + 0.4 * std::sin(0.7 * j);
    V[j] = std::cos(1.3 * j);
  }
  double ru[N], rk;
  hvp_taped(ru, &rk);
  double h = eddy_fd_step(1.0), up[N], um[N], gp[N] = {0}, gm[N] = {0};
  double kp = 0, km = 0;
  for (int j = 0; j < N; ++j) {
    up[j] = U0[j] + h * V[j];
    um[j] = U0[j] - h * V[j];
  }
  grad_taped(up, gp, K + h * VK, &kp);
  grad_taped(um, gm, K - h * VK, &km);
  double scale = std::fabs(rk);
  for (int j = 0; j < N; ++j)
    scale = std::fmax(scale, std::fabs(ru[j]));
  eddy_check_eq("hv_not_tiny", scale > 1e-2, 1);

  void (*const Hvps[])(double *, double *) = {hvp_vectors, hvp_heap};
  const char *const Names[] = {"vectors", "heap"};
  for (int c = 0; c < 2; ++c) {
    double hu[N], hk;
    Hvps[c](hu, &hk);
    eddy_checkpoint_stats st;
    eddy_checkpoint_last_stats(&st);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s.steps", Names[c]);
    eddy_check_eq(buf, st.steps, STEPS);
    for (int j = 0; j < N; ++j) {
      std::snprintf(buf, sizeof buf, "%s.hv_u[%%d]", Names[c]);
      eddy_checkf_tol(hu[j], ru[j], 1e-11, 1e-13 * scale, buf, j, 0);
      std::snprintf(buf, sizeof buf, "%s.hv_u_fd[%%d]", Names[c]);
      eddy_checkf_tol(hu[j], (gp[j] - gm[j]) / (2 * h), 1e-6, 1e-9 * scale,
                      buf, j, 0);
    }
    std::snprintf(buf, sizeof buf, "%s.hv_k", Names[c]);
    eddy_check_tol(buf, hk, rk, 1e-11, 1e-13 * scale);
    std::snprintf(buf, sizeof buf, "%s.hv_k_fd", Names[c]);
    eddy_check_tol(buf, hk, (kp - km) / (2 * h), 1e-6, 1e-9 * scale);
  }
  return eddy_summary();
}

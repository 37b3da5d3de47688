// Forward over reverse through a checkpointed loop in two more shapes:
//  1. the loop is in a callee the differentiated function calls (noinline):
//     the gradient calls the callee's sweeps, which call the loop's; the
//     Hessian-vector product of  f(u, k) = sum_i u_i^2 after `evolve`, with
//     evolve's loop under binomial(3), is compared with the same without the
//     pragma (1e-11 relative plus 1e-13 of the largest entry: reassociable
//     adjoint sums) and with central differences of the gradient along the
//     direction (h = cbrt(eps), 1e-6 relative plus 1e-9 of the largest
//     entry; see hvp-heat.c for the error budget);
//  2. no tangent enters the loop: the forward direction is a scalar c used
//     only after the gradient, out = c^2 du[0]; the loop's own pair runs
//     (on a tape of its own), and d out / dc = 2 c du[0] exactly as without
//     the pragma (1e-13 relative).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"
#include "eddy_hvp_check.h"

#define N 8
#define STEPS 50

__attribute__((noinline)) static void evolve_ckpt(double *u, double k) {
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t)
    for (int i = 0; i < N; ++i)
      u[i] += k * sin(u[i]) * u[(i + 1) % N];
}

__attribute__((noinline)) static void evolve_taped(double *u, double k) {
  for (int t = 0; t < STEPS; ++t)
    for (int i = 0; i < N; ++i)
      u[i] += k * sin(u[i]) * u[(i + 1) % N];
}

static double loss(const double *u) {
  double e = 0;
  for (int i = 0; i < N; ++i)
    e += u[i] * u[i];
  return e;
}

static double f_ckpt(double *u, double k) {
  evolve_ckpt(u, k);
  return loss(u);
}
static double f_taped(double *u, double k) {
  evolve_taped(u, k);
  return loss(u);
}

static void grad_ckpt(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)f_ckpt, u, du, k);
}
static void grad_taped(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)f_taped, u, du, k);
}

// Case 2: c enters after the gradient.
static void scaled_ckpt(double *u, double *du, double c, double *out) {
  __enzyme_autodiff((void *)f_ckpt, u, du, 0.03);
  *out = c * c * du[0];
}
static void scaled_taped(double *u, double *du, double c, double *out) {
  __enzyme_autodiff((void *)f_taped, u, du, 0.03);
  *out = c * c * du[0];
}

static double U0[N], V[N];
static const double K = 0.03, VK = 0.5;

EDDY_DEFINE_HVP(hvp_ckpt, grad_ckpt)
EDDY_DEFINE_HVP(hvp_taped, grad_taped)

#define DEFINE_SCALED(NAME, FN)                                                \
  static double NAME(double c) {                                               \
    double u[N], du[N] = {0}, out = 0, dout = 0;                               \
    memcpy(u, U0, sizeof u);                                                   \
    __enzyme_fwddiff((void *)FN, enzyme_const, u, enzyme_const, du, c, 1.0,    \
                     &out, &dout);                                             \
    return dout;                                                               \
  }
DEFINE_SCALED(dscaled_ckpt, scaled_ckpt)
DEFINE_SCALED(dscaled_taped, scaled_taped)

int main(void) {
  for (int i = 0; i < N; ++i) {
    U0[i] = 0.2 + 0.1 * i;
    V[i] = cos(1.1 * i);
  }
  double hu[N], hk, ru[N], rk;
  hvp_ckpt(hu, &hk);
  hvp_taped(ru, &rk);
  eddy_check_hvp("callee", N, U0, V, K, VK, hu, hk, ru, rk, grad_taped);

  // Case 2, against the stored tape and against 2 c du[0] from a gradient.
  double u[N], du[N] = {0};
  memcpy(u, U0, sizeof u);
  grad_taped(u, du, 0.03, &rk);
  eddy_check_tol("no_tangent.dout", dscaled_ckpt(1.5), dscaled_taped(1.5),
                 1e-13, 0);
  eddy_check_tol("no_tangent.dout_analytic", dscaled_ckpt(1.5), 2 * 1.5 * du[0],
                 1e-13, 0);
  return eddy_summary();
}

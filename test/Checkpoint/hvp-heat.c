// Hessian-vector products (forward mode over reverse) through a checkpointed
// time loop: 300 steps of a heat stepper with a nonlinear reaction term,
//   u_i <- u_i + k (u_{i-1} - 2 u_i + u_{i+1}) + DT sin(u_i)   (u_{-1} = u_N = 0),
// in place on 16 cells, and the loss sum_i (i+1) u_i^2 / 2 + cos(u_0) at the end.
// The gradient w.r.t. the initial state u0 and the coefficient k (a scalar
// read in every step) is taken with __enzyme_autodiff; __enzyme_fwddiff of
// that gradient in the direction (v, vk) gives H (v, vk). The loop is
// checkpointed with binomial (4 snapshots) and periodic (every 32 steps)
// schedules, and the HVP is compared with:
//  (a) the same HVP with the pragma removed (the stored tape): equal to
//      rounding. The checkpointed and taped codes run the same operations,
//      but the adjoint sums are reassociable and LLVM may order them
//      differently (docs/checkpointing.md, "Bit for bit?"): 1e-11 relative
//      (plus 1e-13 of the largest entry, for entries near zero) is a few
//      hundred ulps; measured: equal bit for bit but for 2e-15 relative in
//      H(v, vk)'s k entry;
//  (b) central differences of the gradient (computed with the stored tape):
//      (g(u0 + h v, k + h vk) - g(u0 - h v, k - h vk)) / 2h. With |v| ~ 1,
//      h = cbrt(eps) ~ 6e-6 balances the truncation error (~h^2 |g'''|, ~4e-11
//      times the scale of g's derivatives) against the rounding error
//      (~eps |g| / h, ~4e-11 |g|; the gradient itself carries ~300 steps of
//      rounding, say 1e-13 relative, which h turns into ~2e-8). So 1e-6
//      relative (plus 1e-9 of the largest entry) leaves a wide margin yet
//      catches any wrong term: a missing second-order term is wrong in the
//      leading digits. Measured: 7e-10 to 8e-10 relative in every entry.
// Also checked: the primal state after the HVP is the primal's, its tangent
// the stored-tape HVP's, and the driver ran 300 steps (the last loop run is
// the tangent loop's: forward over reverse checkpoints the tangents too).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// With a tape budget far below the stored tape's size, the "taped" loop is
// checkpointed too (binomially, after its first step), and its HVP goes the
// same way; the differences stay the independent reference.
// RUN: %levels %eddy-clang -fplugin-arg-eddy-tape-budget=2K -I%S/../Inputs %s -o %t.budget -- FileCheck --implicit-check-not=FAIL %s
// With -g, -O1 and -O2 keep assignment-tracking records of the step's
// local array, which outlining must not leave behind.
// RUN: %levels %eddy-clang -g -I%S/../Inputs %s -o %t.g -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define N 16
#define STEPS 300
#define DT 0.01

static void step(double *u, double k) {
  double w[N];
  for (int i = 0; i < N; ++i) {
    double left = i > 0 ? u[i - 1] : 0.0, right = i < N - 1 ? u[i + 1] : 0.0;
    w[i] = u[i] + k * (left - 2 * u[i] + right) + DT * sin(u[i]);
  }
  for (int i = 0; i < N; ++i)
    u[i] = w[i];
}

static double loss(const double *u) {
  double e = cos(u[0]);
  for (int i = 0; i < N; ++i)
    e += 0.5 * (i + 1) * u[i] * u[i];
  return e;
}

static double heat_taped(double *u, double k) {
  for (int t = 0; t < STEPS; ++t)
    step(u, k);
  return loss(u);
}

static double heat_binomial(double *u, double k) {
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int t = 0; t < STEPS; ++t)
    step(u, k);
  return loss(u);
}

static double heat_periodic(double *u, double k) {
#pragma eddy checkpoint(periodic, every(32))
  for (int t = 0; t < STEPS; ++t)
    step(u, k);
  return loss(u);
}

// g = (du, dk) += the gradient at (u, k); u is left as the loop leaves it.
static void grad_taped(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)heat_taped, u, du, k);
}
static void grad_binomial(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)heat_binomial, u, du, k);
}
static void grad_periodic(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)heat_periodic, u, du, k);
}

static double U0[N], V[N];
static const double K = 0.2, VK = 0.7;

/* H (v, vk) by forward mode over GRAD; u_after and u_tangent get the state
 * after the loop and its tangent. One function per gradient: the request's
 * function must be a constant at every -O level. */
#define DEFINE_HVP(NAME, GRAD)                                                 \
  static void NAME(double *hu, double *hk, double *u_after,                    \
                   double *u_tangent) {                                        \
    double u[N], v[N], du[N] = {0}, dk = 0;                                    \
    memcpy(u, U0, sizeof u);                                                   \
    memcpy(v, V, sizeof v);                                                    \
    memset(hu, 0, N * sizeof *hu);                                             \
    *hk = 0;                                                                   \
    __enzyme_fwddiff((void *)GRAD, u, v, du, hu, K, VK, &dk, hk);              \
    memcpy(u_after, u, sizeof u);                                              \
    memcpy(u_tangent, v, sizeof v);                                            \
  }
DEFINE_HVP(hvp_taped, grad_taped)
DEFINE_HVP(hvp_binomial, grad_binomial)
DEFINE_HVP(hvp_periodic, grad_periodic)
typedef void Hvp(double *, double *, double *, double *);

/* The gradient at (U0 + s V, K + s VK), by the stored tape. */
static void gradient_at(double s, double *gu, double *gk) {
  double u[N];
  for (int i = 0; i < N; ++i)
    u[i] = U0[i] + s * V[i];
  memset(gu, 0, N * sizeof *gu);
  *gk = 0;
  grad_taped(u, gu, K + s * VK, gk);
}

static double max_abs(const double *x, int n, double y) {
  double m = fabs(y);
  for (int i = 0; i < n; ++i)
    m = fabs(x[i]) > m ? fabs(x[i]) : m;
  return m;
}

static void check_schedule(const char *name, Hvp *hvp, const double *ref_u,
                           double ref_k, const double *ref_after,
                           const double *ref_tangent, const double *fd_u,
                           double fd_k) {
  double hu[N], hk, after[N], tangent[N];
  char buf[64];
  hvp(hu, &hk, after, tangent);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  snprintf(buf, sizeof buf, "%s.records", name);
  eddy_check_eq(buf, st.records, STEPS);
  double scale = max_abs(ref_u, N, ref_k);
  for (int i = 0; i < N; ++i) {
    snprintf(buf, sizeof buf, "%s.hv_u[%%d]", name);
    eddy_checkf_tol(hu[i], ref_u[i], 1e-11, 1e-13 * scale, buf, i, 0);
    snprintf(buf, sizeof buf, "%s.hv_u_fd[%%d]", name);
    eddy_checkf_tol(hu[i], fd_u[i], 1e-6, 1e-9 * scale, buf, i, 0);
  }
  snprintf(buf, sizeof buf, "%s.hv_k", name);
  eddy_check_tol(buf, hk, ref_k, 1e-11, 1e-13 * scale);
  snprintf(buf, sizeof buf, "%s.hv_k_fd", name);
  eddy_check_tol(buf, hk, fd_k, 1e-6, 1e-9 * scale);
  snprintf(buf, sizeof buf, "%s.u_after_bitwise", name);
  eddy_check_eq(buf, memcmp(after, ref_after, sizeof after) == 0, 1);
  for (int i = 0; i < N; ++i) {
    snprintf(buf, sizeof buf, "%s.u_tangent[%%d]", name);
    eddy_checkf_tol(tangent[i], ref_tangent[i], 1e-12, 1e-14, buf, i, 0);
  }
}

int main(void) {
  for (int i = 0; i < N; ++i) {
    U0[i] = 0.8 * sin(0.7 * i + 0.3) + 0.1;
    V[i] = cos(1.3 * i);
  }
  double ref_u[N], ref_k, ref_after[N], ref_tangent[N];
  hvp_taped(ref_u, &ref_k, ref_after, ref_tangent);

  double h = eddy_fd_step(1.0), gp[N], gm[N], kp, km, fd_u[N], fd_k;
  gradient_at(h, gp, &kp);
  gradient_at(-h, gm, &km);
  for (int i = 0; i < N; ++i)
    fd_u[i] = (gp[i] - gm[i]) / (2 * h);
  fd_k = (kp - km) / (2 * h);
  // The stored-tape reference against the differences, too.
  double scale = max_abs(ref_u, N, ref_k);
  for (int i = 0; i < N; ++i)
    eddy_checkf_tol(ref_u[i], fd_u[i], 1e-6, 1e-9 * scale, "taped.hv_u_fd[%d]", i, 0);
  eddy_check_tol("taped.hv_k_fd", ref_k, fd_k, 1e-6, 1e-9 * scale);
  // The Hessian is not small: a dropped second-order term would show.
  eddy_check_eq("hv_not_tiny", scale > 1e-2, 1);

  check_schedule("binomial", hvp_binomial, ref_u, ref_k, ref_after,
                 ref_tangent, fd_u, fd_k);
  check_schedule("periodic", hvp_periodic, ref_u, ref_k, ref_after,
                 ref_tangent, fd_u, fd_k);
  return eddy_summary();
}

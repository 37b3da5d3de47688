/* eddy_hvp_check.h - checks a Hessian-vector product through a checkpointed
 * loop (test/Checkpoint/hvp-*.c).
 *
 * hu, hk: the product computed through the checkpointed code; ru, rk: the
 * same through the code without the pragma (the stored tape); grad: the
 * stored-tape gradient, grad(u, du, k, &dk), whose central differences along
 * (v, vk) from (u0, k) are the independent reference. Tolerances: 1e-11
 * relative plus 1e-13 of the largest entry against the stored tape
 * (reassociable adjoint sums), 1e-6 relative plus 1e-9 of the largest entry
 * against the differences (h = cbrt(eps); see hvp-heat.c for the budget).
 * Needs eddy_check.h; n <= 64. */
#ifndef EDDY_HVP_CHECK_H
#define EDDY_HVP_CHECK_H
#include "eddy_check.h"
#include <string.h>

/* NAME(hu, hk): the Hessian-vector product along (V, VK) of the gradient
 * GRAD(u, du, k, &dk) at (U0, K), by forward mode over it; the test defines
 * N, U0, V, K and VK. */
#define EDDY_DEFINE_HVP(NAME, GRAD)                                            \
  static void NAME(double *hu, double *hk) {                                   \
    double u[N], v[N], du[N] = {0}, dk = 0;                                    \
    memcpy(u, U0, sizeof u);                                                   \
    memcpy(v, V, sizeof v);                                                    \
    memset(hu, 0, N * sizeof *hu);                                             \
    *hk = 0;                                                                   \
    __enzyme_fwddiff((void *)GRAD, u, v, du, hu, K, VK, &dk, hk);              \
  }

static void eddy_check_hvp(const char *tag, int n, const double *u0,
                           const double *v, double k, double vk,
                           const double *hu, double hk, const double *ru,
                           double rk,
                           void (*grad)(double *, double *, double, double *)) {
  double h = eddy_fd_step(1.0), up[64], um[64], gp[64] = {0}, gm[64] = {0};
  double kp = 0, km = 0;
  char fmt[96], name[96];
  for (int i = 0; i < n; ++i) {
    up[i] = u0[i] + h * v[i];
    um[i] = u0[i] - h * v[i];
  }
  grad(up, gp, k + h * vk, &kp);
  grad(um, gm, k - h * vk, &km);
  double scale = fabs(rk);
  for (int i = 0; i < n; ++i)
    scale = fabs(ru[i]) > scale ? fabs(ru[i]) : scale;
  eddy_check_eq("hv_not_tiny", scale > 1e-2, 1);
  for (int i = 0; i < n; ++i) {
    snprintf(fmt, sizeof fmt, "%s.hv_u[%%d]", tag);
    eddy_checkf_tol(hu[i], ru[i], 1e-11, 1e-13 * scale, fmt, i, 0);
    snprintf(fmt, sizeof fmt, "%s.hv_u_fd[%%d]", tag);
    eddy_checkf_tol(hu[i], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-9 * scale, fmt, i, 0);
  }
  snprintf(name, sizeof name, "%s.hv_k", tag);
  eddy_check_tol(name, hk, rk, 1e-11, 1e-13 * scale);
  snprintf(name, sizeof name, "%s.hv_k_fd", tag);
  eddy_check_tol(name, hk, (kp - km) / (2 * h), 1e-6, 1e-9 * scale);
}

#endif

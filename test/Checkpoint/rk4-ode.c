// Classical RK4 over 1000 steps of two small nonlinear ODE systems, with the
// time loop under '#pragma eddy checkpoint(binomial, snapshots(8))', against
// the same function without the pragma (the stored tape) and central finite
// differences:
//  - Lotka-Volterra with its state in two scalars (carried from step to
//    step in registers, which Eddy puts in stack slots): the gradient w.r.t.
//    the initial state (x0, y0) and the growth rate a, all returned as
//    active scalars, equal the stored-tape ones to rounding;
//  - a ring of 6 damped pendulums coupled by springs, its state (angles
//    and velocities) in one array updated in place: the gradient w.r.t. the
//    initial state and the damping (a scalar read in every step) equal the
//    stored-tape ones to rounding. (Not bit for bit: at -O1..-O3 the
//    optimizer may reorder the reassociable adjoint sums of a step
//    differently in the checkpointed step than in the taped loop, a few ulps
//    here; the memory left after the gradient is the primal's bit for bit.)
// The driver reports 1000 steps, each recorded once, and Revolve's minimum
// t(1000, 8) = r*n - C(S+r, r-1) = 5*1000 - C(13, 4) = 4285 plain steps
// (r = 5, the least with C(8+r, 8) >= 1000), also found by the dynamic
// program below.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"
#include "eddy_revolve.h"

#define STEPS 1000
#define DT 0.01

typedef struct { double x0, y0, a; } D3;
D3 __enzyme_autodiff_d3(void *, ...);

// ---- Lotka-Volterra: x' = a x - 0.4 x y, y' = 0.1 x y - 0.4 y.
static void lv(double x, double y, double a, double *fx, double *fy) {
  *fx = a * x - 0.4 * x * y;
  *fy = 0.1 * x * y - 0.4 * y;
}

static inline void lv_rk4(double *x, double *y, double a) {
  double k1x, k1y, k2x, k2y, k3x, k3y, k4x, k4y;
  lv(*x, *y, a, &k1x, &k1y);
  lv(*x + 0.5 * DT * k1x, *y + 0.5 * DT * k1y, a, &k2x, &k2y);
  lv(*x + 0.5 * DT * k2x, *y + 0.5 * DT * k2y, a, &k3x, &k3y);
  lv(*x + DT * k3x, *y + DT * k3y, a, &k4x, &k4y);
  *x += DT / 6 * (k1x + 2 * k2x + 2 * k3x + k4x);
  *y += DT / 6 * (k1y + 2 * k2y + 2 * k3y + k4y);
}

static double lv_taped(double x0, double y0, double a) {
  double x = x0, y = y0;
  for (int t = 0; t < STEPS; ++t)
    lv_rk4(&x, &y, a);
  return x * x + 3 * y;
}

static double lv_ckpt(double x0, double y0, double a) {
  double x = x0, y = y0;
#pragma eddy checkpoint(binomial, snapshots(8))
  for (int t = 0; t < STEPS; ++t)
    lv_rk4(&x, &y, a);
  return x * x + 3 * y;
}

// ---- Damped pendulum ring: s[0..P) angles, s[P..2P) velocities.
#define P 6
static void pend_rhs(const double *s, double c, double *f) {
  for (int i = 0; i < P; ++i) {
    double left = s[(i + P - 1) % P], right = s[(i + 1) % P];
    f[i] = s[P + i];
    f[P + i] = -sin(s[i]) - c * s[P + i] + 0.5 * (left - 2 * s[i] + right);
  }
}

static void pend_rk4(double *s, double c) {
  double k1[2 * P], k2[2 * P], k3[2 * P], k4[2 * P], w[2 * P];
  pend_rhs(s, c, k1);
  for (int i = 0; i < 2 * P; ++i)
    w[i] = s[i] + 0.5 * DT * k1[i];
  pend_rhs(w, c, k2);
  for (int i = 0; i < 2 * P; ++i)
    w[i] = s[i] + 0.5 * DT * k2[i];
  pend_rhs(w, c, k3);
  for (int i = 0; i < 2 * P; ++i)
    w[i] = s[i] + DT * k3[i];
  pend_rhs(w, c, k4);
  for (int i = 0; i < 2 * P; ++i)
    s[i] += DT / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

static double pend_loss(const double *s) {
  double e = 0;
  for (int i = 0; i < P; ++i)
    e += (i + 1) * (1 - cos(s[i])) + 0.5 * s[P + i] * s[P + i];
  return e;
}

static double pend_taped(double *s, double c) {
  for (int t = 0; t < STEPS; ++t)
    pend_rk4(s, c);
  return pend_loss(s);
}

static double pend_ckpt(double *s, double c) {
#pragma eddy checkpoint(binomial, snapshots(8))
  for (int t = 0; t < STEPS; ++t)
    pend_rk4(s, c);
  return pend_loss(s);
}

static void pend_init(double *s) {
  for (int i = 0; i < P; ++i) {
    s[i] = 0.3 + 0.4 * sin(1.7 * i);
    s[P + i] = 0.1 * cos(0.9 * i);
  }
}


static double X0 = 10, Y0 = 5, A = 1.1, C = 0.15;
static double lv_x(double x) { return lv_ckpt(x, Y0, A); }
static double lv_y(double y) { return lv_ckpt(X0, y, A); }
static double lv_a(double a) { return lv_ckpt(X0, Y0, a); }
static double pend_of_s(const double *s0, void *ctx) {
  double s[2 * P];
  memcpy(s, s0, sizeof s);
  return pend_ckpt(s, C);
}
static double pend_of_c(double c) {
  double s[2 * P];
  pend_init(s);
  return pend_ckpt(s, c);
}

static void check_stats(const char *name) {
  char buf[64];
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, STEPS);
  snprintf(buf, sizeof buf, "%s.records", name);
  eddy_check_eq(buf, st.records, STEPS);
  snprintf(buf, sizeof buf, "%s.advances", name);
  eddy_check_eq(buf, st.forward_advances + st.reverse_advances,
                eddy_revolve_minimum(STEPS, 8));
}

int main(void) {
  // Lotka-Volterra.
  D3 ref = __enzyme_autodiff_d3((void *)lv_taped, X0, Y0, A);
  D3 got = __enzyme_autodiff_d3((void *)lv_ckpt, X0, Y0, A);
  check_stats("lv");
  eddy_check("lv.dx0", got.x0, ref.x0);
  eddy_check("lv.dy0", got.y0, ref.y0);
  eddy_check("lv.da", got.a, ref.a);
  eddy_check_fd("lv.dx0_fd", got.x0, eddy_fd(lv_x, X0));
  eddy_check_fd("lv.dy0_fd", got.y0, eddy_fd(lv_y, Y0));
  eddy_check_fd("lv.da_fd", got.a, eddy_fd(lv_a, A));

  // Pendulum chain.
  double s[2 * P], ds[2 * P] = {0}, r[2 * P], dr[2 * P] = {0}, s0[2 * P];
  pend_init(s);
  pend_init(r);
  pend_init(s0);
  double dc_ref = __enzyme_autodiff((void *)pend_taped, r, dr, C);
  double dc = __enzyme_autodiff((void *)pend_ckpt, s, ds, C);
  check_stats("pend");
  eddy_check_eq("pend.s_after_bitwise", memcmp(s, r, sizeof s) == 0, 1);
  eddy_check("pend.dc", dc, dc_ref);
  for (int i = 0; i < 2 * P; ++i) {
    eddy_checkf_tol(ds[i], dr[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "pend.ds[%d]", i, 0);
    eddy_checkf_tol(ds[i], eddy_fd_partial(pend_of_s, 0, s0, 2 * P, i),
                    EDDY_RTOL_FD, EDDY_ATOL_FD, "pend.ds_fd[%d]", i, 0);
  }
  eddy_check_fd("pend.dc_fd", dc, eddy_fd(pend_of_c, C));
  return eddy_summary();
}

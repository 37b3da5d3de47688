// Hessian-vector products (forward mode over reverse) through a checkpointed
// RK4 loop whose state is carried in registers: 1000 classical RK4 steps of
// Lotka-Volterra, x' = a x - 0.4 x y, y' = 0.1 x y - 0.4 y, with x and y in
// two scalars (Eddy puts them in stack slots, the loop's state) and the
// growth rate a read in every step; loss x(T)^2 + 3 y(T). The gradient
// w.r.t. (x0, y0, a) is returned by value (active scalars), and
// __enzyme_fwddiff of it in the direction w gives H w, the Hessian's
// 3 x 3 entries column by column (w = e_0, e_1, e_2), with the loop under
// binomial (8 snapshots) and online (5 snapshots, a while loop) schedules.
// Compared with:
//  (a) the same with the pragma removed (the stored tape), to rounding:
//      1e-11 relative, plus 1e-13 of the column's largest entry (the adjoint
//      sums are reassociable and may be ordered differently,
//      docs/checkpointing.md); measured: at most 5e-15 relative;
//  (b) central differences of the gradient (stored tape) with the step
//      h = cbrt(eps) * max(1, |coordinate|) (eddy_fd_step): truncation and
//      rounding errors both ~eps^(2/3) ~ 4e-11 relative to the scale of the
//      gradient and its derivatives, times the amplification of 1000 steps'
//      rounding in the gradient (~1e-13 relative, divided by h: ~2e-8); so
//      1e-6 relative, plus 1e-9 of the column's largest entry; measured:
//      4e-11 to 2.6e-9 relative (the largest in the column of a, where
//      the gradient curves most: H[2][2] = -14487);
//  (c) symmetry: H[i][j] = H[j][i] to 1e-10 relative, which the HVP does not
//      enforce (column j comes from the tangent of the gradient in
//      direction e_j).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define STEPS 1000
#define DT 0.01

typedef struct { double x0, y0, a; } D3;
D3 __enzyme_autodiff_d3(void *, ...);

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

static double lv_binomial(double x0, double y0, double a) {
  double x = x0, y = y0;
#pragma eddy checkpoint(binomial, snapshots(8))
  for (int t = 0; t < STEPS; ++t)
    lv_rk4(&x, &y, a);
  return x * x + 3 * y;
}

static double lv_online(double x0, double y0, double a) {
  double x = x0, y = y0;
  int t = 0;
#pragma eddy checkpoint(online, snapshots(5))
  while (t < STEPS) {
    lv_rk4(&x, &y, a);
    ++t;
  }
  return x * x + 3 * y;
}

static void grad_taped(double x0, double y0, double a, double *g) {
  D3 d = __enzyme_autodiff_d3((void *)lv_taped, x0, y0, a);
  g[0] = d.x0, g[1] = d.y0, g[2] = d.a;
}
static void grad_binomial(double x0, double y0, double a, double *g) {
  D3 d = __enzyme_autodiff_d3((void *)lv_binomial, x0, y0, a);
  g[0] = d.x0, g[1] = d.y0, g[2] = d.a;
}
static void grad_online(double x0, double y0, double a, double *g) {
  D3 d = __enzyme_autodiff_d3((void *)lv_online, x0, y0, a);
  g[0] = d.x0, g[1] = d.y0, g[2] = d.a;
}

static const double P[3] = {10, 5, 1.1};

/* Column j of the Hessian: the tangent of the gradient in direction e_j.
 * One function per gradient: the request's function must be a constant at
 * every -O level. */
#define DEFINE_COLUMN(NAME, GRAD)                                              \
  static void NAME(int j, double *col) {                                       \
    double w[3] = {0, 0, 0}, g[3] = {0, 0, 0};                                 \
    w[j] = 1;                                                                  \
    memset(col, 0, 3 * sizeof *col);                                           \
    __enzyme_fwddiff((void *)GRAD, P[0], w[0], P[1], w[1], P[2], w[2], g,      \
                     col);                                                     \
  }
DEFINE_COLUMN(column_taped, grad_taped)
DEFINE_COLUMN(column_binomial, grad_binomial)
DEFINE_COLUMN(column_online, grad_online)

static double max3(const double *c) {
  double m = 0;
  for (int i = 0; i < 3; ++i)
    m = fabs(c[i]) > m ? fabs(c[i]) : m;
  return m;
}

int main(void) {
  static const char *const Names[] = {"taped", "binomial", "online"};
  static void (*const Column[])(int, double *) = {column_taped, column_binomial,
                                                   column_online};
  double H[3][3][3]; // [schedule][column][row]
  for (int s = 0; s < 3; ++s)
    for (int j = 0; j < 3; ++j) {
      Column[s](j, H[s][j]);
      if (s == 0)
        continue;
      eddy_checkpoint_stats st;
      eddy_checkpoint_last_stats(&st);
      char name[64];
      snprintf(name, sizeof name, "%s.steps[col %%d]", Names[s]);
      eddy_checkf_tol(st.steps, STEPS, 0, 0, name, j, 0);
    }
  for (int j = 0; j < 3; ++j) {
    // Central differences of the stored-tape gradient along e_j.
    double p[3], gp[3], gm[3], fd[3];
    double h = eddy_fd_step(P[j]);
    memcpy(p, P, sizeof p);
    p[j] = P[j] + h;
    grad_taped(p[0], p[1], p[2], gp);
    p[j] = P[j] - h;
    grad_taped(p[0], p[1], p[2], gm);
    for (int i = 0; i < 3; ++i)
      fd[i] = (gp[i] - gm[i]) / (2 * h);
    double scale = max3(H[0][j]);
    char name[64];
    for (int s = 0; s < 3; ++s)
      for (int i = 0; i < 3; ++i) {
        snprintf(name, sizeof name, "%s.H[%d][%%d]_fd", Names[s], i);
        eddy_checkf_tol(H[s][j][i], fd[i], 1e-6, 1e-9 * scale, name, j, 0);
        if (s == 0)
          continue;
        snprintf(name, sizeof name, "%s.H[%d][%%d]", Names[s], i);
        eddy_checkf_tol(H[s][j][i], H[0][j][i], 1e-11, 1e-13 * scale, name, j, 0);
      }
  }
  for (int s = 0; s < 3; ++s)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < i; ++j) {
        char name[64];
        snprintf(name, sizeof name, "%s.symmetric[%%d][%%d]", Names[s]);
        eddy_checkf_tol(H[s][j][i], H[s][i][j], 1e-10, 1e-12, name, i, j);
      }
  return eddy_summary();
}

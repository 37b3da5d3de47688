// Vector reverse mode (enzyme_width N on __enzyme_autodiff): N cotangents
// in one request; the augmented forward sweep (and the primal) runs once and
// one tape serves all N adjoint sweeps. Each lane is checked against a
// width-1 reverse request with the same cotangent, the Jacobian's rows
// against forward-mode columns, and one row against central finite
// differences. The function has loops with data-dependent trip counts, an
// array overwritten in place, a local array, heap memory with memcpy, a
// noinline callee (its own width-N pair), a noinline callee returning a
// pointer, and a user adjoint rule. Active scalar parameters return N
// adjoints each (parameter-major), and an active return is seeded with 1.0
// in every lane. A counter shows the primal ran once per request.
// At -O0 and -O2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"

typedef struct { double a0, a1, a2, b0, b1, b2; } D6;
D6 __enzyme_autodiff_d6(void *, ...);
typedef struct { double a, b; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

static int calls;
EDDY_INACTIVE_VARIABLE(calls)

// A "library" function with user rules: both modes are exercised below.
static double lib_cube(double x) { return x * x * x; }
static double lib_cube_tangent(double x, double dx) { return 3 * x * x * dx; }
static void lib_cube_adjoint(double x, double *dx, double dret) { *dx += 3 * x * x * dret; }
EDDY_TANGENT_RULE(lib_cube, lib_cube_tangent)
EDDY_ADJOINT_RULE(lib_cube, lib_cube_adjoint)

__attribute__((noinline)) static double weighted(const double *v, int n, double w) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += sin(w * v[i]) * v[i];
  return s;
}

__attribute__((noinline)) static double *middle(double *v, int n) { return v + n / 2; }

#define N 5
#define M 4

// y = F(x), x in R^N, y in R^M.
static void model(const double *x, double *y) {
  ++calls;
  double *c = malloc(N * sizeof(double));
  memcpy(c, x, N * sizeof(double));
  for (int k = 1; k < N; ++k) // In place: c_k depends on the new c_{k-1}.
    c[k] = c[k] * cos(c[k - 1]) + 0.1 * lib_cube(c[k - 1]);
  double local[3];
  for (int k = 0; k < 3; ++k)
    local[k] = exp(0.3 * c[k + 1]);
  double h = weighted(c, N, x[0]);
  double *mid = middle(c, N);
  int steps = 1 + (x[1] > 0); // A trip count known only at run time.
  double p = 1;
  for (int s = 0; s < steps; ++s)
    p = p * (1 + 0.2 * mid[0]) + local[s];
  y[0] = h * p;
  y[1] = c[N - 1] / (1 + c[0] * c[0]);
  y[2] = local[2] * mid[1] - sqrt(1 + x[3] * x[3]);
  y[3] = p + h * c[2];
  free(c);
}

// Scalars: f(a, b) = a^2 b + sin(a b).
static double scal(double a, double b) {
  ++calls;
  return a * a * b + sin(a * b);
}

int main(void) {
  double x[N] = {0.3, 0.45, -0.7, 1.1, 0.2}, y[M];
  // Rows 0..2 of the Jacobian in one width-3 request, row 3 in a width-1 one.
  double w[M][M] = {{0}}, g[M][N] = {{0}};
  for (int i = 0; i < M; ++i)
    w[i][i] = 1;
  calls = 0;
  __enzyme_autodiff((void *)model, enzyme_width, 3, enzyme_dup, x, g[0], g[1], g[2],
                    enzyme_dup, y, w[0], w[1], w[2]);
  eddy_check_eq("rows.primal_once", calls, 1);
  __enzyme_autodiff((void *)model, x, g[3], y, w[3]);

  // Each lane equals a width-1 reverse request with its cotangent.
  for (int i = 0; i < 3; ++i) {
    double gi[N] = {0}, wi[M] = {0};
    wi[i] = 1;
    __enzyme_autodiff((void *)model, x, gi, y, wi);
    for (int j = 0; j < N; ++j)
      eddy_checkf_tol(g[i][j], gi[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                      "lane_vs_width1[%d][%d]", i, j);
  }
  // Rows against forward-mode columns.
  for (int j = 0; j < N; ++j) {
    double e[N] = {0}, col[M] = {0};
    e[j] = 1;
    __enzyme_fwddiff_void((void *)model, x, e, y, col);
    for (int i = 0; i < M; ++i)
      eddy_checkf_tol(g[i][j], col[i], EDDY_RTOL_EXACT, 1e-13, "rows_vs_forward[%d][%d]", i, j);
  }
  // Row 1 against central finite differences.
  for (int j = 0; j < N; ++j) {
    double xp[N], xm[N], yp[M], ym[M];
    memcpy(xp, x, sizeof x);
    memcpy(xm, x, sizeof x);
    double h = eddy_fd_step(x[j]);
    xp[j] += h;
    xm[j] -= h;
    model(xp, yp);
    model(xm, ym);
    eddy_checkf_tol(g[1][j], (yp[1] - ym[1]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "row1_vs_fd[%d]", j, 0);
  }

  // A general cotangent per lane (not unit vectors): lane k of a width-2
  // request equals u_k . J. (The sweep consumes the cotangents: keep a copy.)
  const double u0[2][M] = {{0.5, -1, 2, 0.25}, {-3, 0.1, 0, 1}};
  double u[2][M], gu[2][N] = {{0}};
  memcpy(u, u0, sizeof u);
  __enzyme_autodiff((void *)model, enzyme_width, 2, x, gu[0], gu[1], y, u[0], u[1]);
  for (int k = 0; k < 2; ++k)
    for (int j = 0; j < N; ++j) {
      double want = 0;
      for (int i = 0; i < M; ++i)
        want += u0[k][i] * g[i][j];
      eddy_checkf_tol(gu[k][j], want, 1e-12, 1e-13, "vjp_lane[%d][%d]", k, j);
    }

  // Active scalars: N adjoints per parameter, parameter-major; every lane
  // of the active return is seeded with 1.0.
  double a = 0.8, b = -1.2;
  calls = 0;
  D6 d = __enzyme_autodiff_d6((void *)scal, enzyme_width, 3, a, b);
  eddy_check_eq("scalars.primal_once", calls, 1);
  double da = 2 * a * b + cos(a * b) * b, db = a * a + cos(a * b) * a;
  double lanes[6] = {d.a0, d.a1, d.a2, d.b0, d.b1, d.b2};
  for (int k = 0; k < 3; ++k) {
    eddy_checkf_tol(lanes[k], da, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "scalars.da[%d]", k, 0);
    eddy_checkf_tol(lanes[3 + k], db, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "scalars.db[%d]", k, 0);
  }
  return eddy_summary();
}

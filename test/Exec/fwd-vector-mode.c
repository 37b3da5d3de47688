// Vector forward mode (enzyme_width N): N tangents per active argument in one
// sweep; the primal runs once. Checked lane by lane against N width-1
// requests and analytic derivatives: scalars (result as a struct of N
// doubles, or <2 x float> for two floats), arrays with N shadow arrays (a
// Jacobian's columns in one call), a noinline callee (its own width-N
// derivative), a custom tangent rule, heap memory and memcpy. A counter
// shows the primal ran once per request. At -O0 and -O2.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"

typedef struct { double t[3]; } T3;
T3 __enzyme_fwddiff_w3(void *, ...);
typedef struct { float a, b; } F2;
F2 __enzyme_fwddiff_f2(void *, ...);

static int calls;
EDDY_INACTIVE_VARIABLE(calls)

static double lib_sq(double x); // A "library" function with a tangent rule.
static double lib_sq(double x) { return x * x; }
static double lib_sq_tangent(double x, double dx) { return 2 * x * dx; }
EDDY_TANGENT_RULE(lib_sq, lib_sq_tangent)

__attribute__((noinline)) static double helper(double a, const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += sin(a * v[i]);
  return s;
}

static double f(double x, double y) {
  ++calls;
  return exp(x) * y + lib_sq(y) * x;
}

// y = A(x): y_i = x_i * helper(x_0, x, n) + cumulative products, through a
// heap copy.
static void vec(const double *x, double *y, int n) {
  ++calls;
  double *c = malloc(n * sizeof(double));
  memcpy(c, x, n * sizeof(double));
  double h = helper(c[0], c, n), p = 1;
  for (int i = 0; i < n; ++i) {
    p *= 1 + 0.5 * c[i];
    y[i] = c[i] * h + p;
  }
  free(c);
}

static float g(float a, float b) { return a * b * b + sinf(a); }

#define N 4

int main(void) {
  // Three directions of f at (x, y) in one sweep.
  double x = 0.4, y = -1.3;
  double dx[3] = {1, 0, 0.5}, dy[3] = {0, 1, -2};
  calls = 0;
  T3 t = __enzyme_fwddiff_w3((void *)f, enzyme_width, 3, x, dx[0], dx[1], dx[2], y,
                             dy[0], dy[1], dy[2]);
  eddy_check_eq("scalar.primal_once", calls, 1);
  double fx = exp(x) * y + y * y, fy = exp(x) + 2 * y * x;
  for (int k = 0; k < 3; ++k) {
    eddy_checkf_tol(t.t[k], fx * dx[k] + fy * dy[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "scalar.lane[%d]", k, 0);
    eddy_checkf_tol(t.t[k], __enzyme_fwddiff((void *)f, x, dx[k], y, dy[k]), EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "scalar.lane_vs_width1[%d]", k, 0);
  }

  // The full Jacobian of vec (N x N) in one call of width N: shadow k of x
  // is the unit vector e_k; column k lands in shadow k of y.
  double xs[N] = {0.3, -0.2, 0.8, 0.5}, ys[N], e[N][N] = {{0}}, cols[N][N];
  for (int k = 0; k < N; ++k)
    e[k][k] = 1;
  calls = 0;
  __enzyme_fwddiff_void((void *)vec, enzyme_width, N, enzyme_dup, xs, e[0], e[1], e[2], e[3],
                        enzyme_dup, ys, cols[0], cols[1], cols[2], cols[3], N);
  eddy_check_eq("array.primal_once", calls, 1);
  for (int k = 0; k < N; ++k) {
    double one[N], col[N];
    __enzyme_fwddiff_void((void *)vec, xs, e[k], one, col, N);
    for (int i = 0; i < N; ++i)
      eddy_checkf_tol(cols[k][i], col[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                      "array.col[%d][%d]", k, i);
  }
  // Against finite differences too (column 2).
  for (int i = 0; i < N; ++i) {
    double xp[N], xm[N], yp[N], ym[N];
    memcpy(xp, xs, sizeof xs);
    memcpy(xm, xs, sizeof xs);
    double h = eddy_fd_step(xs[2]);
    xp[2] += h;
    xm[2] -= h;
    vec(xp, yp, N);
    vec(xm, ym, N);
    eddy_checkf_tol(cols[2][i], (yp[i] - ym[i]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "array.col2_vs_fd[%d]", i, 0);
  }

  // Two float lanes come back as <2 x float> on x86-64.
  float a = 0.7f, b = 1.9f;
  F2 tf = __enzyme_fwddiff_f2((void *)g, enzyme_width, 2, a, 1.0f, 0.0f, b, 0.0f, 1.0f);
  eddy_checkf_tol(tf.a, b * b + cosf(a), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "float.lane0", 0, 0);
  eddy_checkf_tol(tf.b, 2 * a * b, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT, "float.lane1", 0, 0);
  return eddy_summary();
}

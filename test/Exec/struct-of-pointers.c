// Functions returning a struct of pointers by value (`{ptr, ptr}` in the IR:
// two pointers come back in registers), called from the differentiated
// function and kept as calls (noinline): the derivative must follow the
// pointers out of the struct. Before Eddy gave such structs shadows, f1's
// derivatives came out 0 in both modes without a word. Also a struct of a
// pointer and a double ({ptr, double}), a span ({ptr, i64}) walked in a loop,
// a struct passed through a second function, one chosen by a branch, writes
// through a returned pointer, and structs kept in heap memory (their
// pointers' shadows go to the heap shadow). Reverse mode against analytic
// values (width 1 and 2), forward mode (width 1 and 2) against reverse mode
// and central differences, and forward over reverse (Hessian-vector products:
// the augmented sweep of split returns the struct and its shadow struct)
// against the analytic Hessian, at -O0 and -O2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: OK f1.rev[3]
// CHECK: OK f3.rev.w2[3][1]
// CHECK: OK f2.fwd.w2[1][3]
// CHECK: OK f3.fd[1]
// CHECK: OK f4.fwd[3]
// CHECK: OK f5.fwd[3]
// CHECK: OK f1.hvp[3][3]
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

#define N 4

typedef struct { double *a, *b; } Pair;
typedef struct { double *p; double s; } Scaled;
typedef struct { double *data; long n; } Span;
typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

__attribute__((noinline)) static Pair split(double *x, int k) {
  Pair r = {x + k, x + k + 1};
  return r;
}
// The struct another function returned, passed on.
__attribute__((noinline)) static Pair split_again(double *x) { return split(x, 2); }
// Which pointer comes first depends on a branch.
__attribute__((noinline)) static Pair order(double *x, double *y, int swap) {
  Pair r;
  if (swap) {
    r.a = y;
    r.b = x;
  } else {
    r.a = x;
    r.b = y;
  }
  return r;
}
__attribute__((noinline)) static Scaled scaled(double *x, double s) {
  Scaled r = {x + 1, s * x[0]};
  return r;
}
__attribute__((noinline)) static Span tail(double *x, long n) {
  Span r = {x + 1, n - 1};
  return r;
}

// f1 = x0 x1 x3 + sin(x1) x2
static double f1(double *x) {
  Pair p = split(x, 0), q = split_again(x);
  return p.a[0] * p.b[0] * q.b[0] + sin(p.b[0]) * q.a[0];
}
// f2 = (x0 x1)^2 + y1 with y0 overwritten by x0 x1 through the struct.
static double f2(double *x, double *y) {
  Pair p = order(x, y, 1); // p.a = y, p.b = x
  p.a[0] = p.b[0] * p.b[1];
  return p.a[0] * p.a[0] + p.a[1];
}
// f3 = (3 x0) x1 + x2^2
static double f3(double *x) {
  Scaled r = scaled(x, 3.0);
  return r.s * r.p[0] + r.p[1] * r.p[1];
}
// f4 = sum_{i>=1} x_i^2 exp(x0)
static double f4(double *x) {
  Span s = tail(x, N);
  double acc = 0;
  for (long i = 0; i < s.n; ++i)
    acc += s.data[i] * s.data[i];
  return acc * exp(x[0]);
}

__attribute__((noinline)) static void keep(Pair *dst, Pair v) { *dst = v; }
// f5 = x0 x3 + x2 x1 + 2 x0 x1, through structs on the heap.
static double f5(double *x) {
  Pair *ps = malloc(2 * sizeof(Pair));
  ps[0] = split(x, 0);
  keep(&ps[1], split(x, 2));
  Scaled *ss = malloc(sizeof(Scaled));
  *ss = scaled(x, 2.0);
  double r = ps[0].a[0] * ps[1].b[0] + ps[1].a[0] * ps[0].b[0] + ss->s * ss->p[0];
  free(ps);
  free(ss);
  return r;
}

// g += grad f1 (x): differentiated again in forward mode.
static void grad_f1(double *x, double *g) { __enzyme_autodiff((void *)f1, x, g); }

static double f1_ctx(const double *x, void *c) { (void)c; double t[N]; for (int i = 0; i < N; ++i) t[i] = x[i]; return f1(t); }
static double f3_ctx(const double *x, void *c) { (void)c; double t[N]; for (int i = 0; i < N; ++i) t[i] = x[i]; return f3(t); }
static double f4_ctx(const double *x, void *c) { (void)c; double t[N]; for (int i = 0; i < N; ++i) t[i] = x[i]; return f4(t); }

int main(void) {
  const double x0[N] = {0.7, -1.3, 0.4, 1.9};
  double x[N], dx[N], e[N][N];
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      e[i][j] = i == j;

  // f1: reverse mode against the analytic gradient.
  double g1[N] = {x0[1] * x0[3], x0[0] * x0[3] + cos(x0[1]) * x0[2], sin(x0[1]),
                  x0[0] * x0[1]};
  for (int i = 0; i < N; ++i) {
    x[i] = x0[i];
    dx[i] = 0;
  }
  __enzyme_autodiff((void *)f1, x, dx);
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(dx[i], g1[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f1, x, e[i]), g1[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "f1.fwd[%d]", i, 0);
    eddy_checkf_tol(g1[i], eddy_fd_partial(f1_ctx, 0, x0, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "f1.fd[%d]", i, 0);
  }
  // Vector forward mode: two lanes in one sweep.
  for (int k = 0; k + 1 < N; k += 2) {
    T2 t = __enzyme_fwddiff_w2((void *)f1, enzyme_width, 2, x, e[k], e[k + 1]);
    eddy_checkf_tol(t.t[0], g1[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.fwd.w2[%d]", k, 0);
    eddy_checkf_tol(t.t[1], g1[k + 1], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.fwd.w2[%d]", k + 1, 0);
  }

  // Vector reverse mode: two lanes (both seeded with 1) in one sweep; the
  // augmented sweep of split returns the struct and two shadow structs.
  double l0[N] = {0}, l1[N] = {0}, m0[N] = {0}, m1[N] = {0};
  double g3w[N] = {3 * x0[1], 3 * x0[0], 2 * x0[2], 0};
  __enzyme_autodiff((void *)f1, enzyme_width, 2, x, l0, l1);
  __enzyme_autodiff((void *)f3, enzyme_width, 2, x, m0, m1);
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(l0[i], g1[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.rev.w2[%d][%d]", i, 0);
    eddy_checkf_tol(l1[i], g1[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.rev.w2[%d][%d]", i, 1);
    eddy_checkf_tol(m0[i], g3w[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f3.rev.w2[%d][%d]", i, 0);
    eddy_checkf_tol(m1[i], g3w[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f3.rev.w2[%d][%d]", i, 1);
  }

  // f2 writes through a returned pointer: reverse against analytic values,
  // forward (both lanes of width 2) against reverse.
  double y[2] = {5.0, -0.5}, dy[2] = {0, 0}, dx2[2] = {0, 0};
  double xa[2] = {x0[0], x0[1]};
  __enzyme_autodiff((void *)f2, xa, dx2, y, dy);
  double v = x0[0] * x0[1];
  eddy_check("f2.rev.x0", dx2[0], 2 * v * x0[1]);
  eddy_check("f2.rev.x1", dx2[1], 2 * v * x0[0]);
  eddy_check("f2.rev.y0", dy[0], 0.0); // overwritten
  eddy_check("f2.rev.y1", dy[1], 1.0);
  for (int k = 0; k < 2; ++k) {
    // Lane 0: d/dx_k; lane 1: d/dy1. Every shadow its own array (f2 writes
    // tangents into y's).
    double ex[2] = {k == 0, k == 1}, ex1[2] = {0, 0}, ey0[2] = {0, 0}, ey1[2] = {0, 1};
    y[0] = 5.0;
    T2 t = __enzyme_fwddiff_w2((void *)f2, enzyme_width, 2, xa, ex, ex1, y, ey0, ey1);
    eddy_checkf_tol(t.t[0], dx2[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f2.fwd.w2[%d][%d]", 0, k);
    eddy_checkf_tol(t.t[1], 1.0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f2.fwd.w2[%d][%d]", 1, 3);
  }

  // f3: {ptr, double}; f4: {ptr, i64} walked in a loop.
  double g3[N] = {3 * x0[1], 3 * x0[0], 2 * x0[2], 0};
  double g4[N];
  double s4 = 0;
  for (int i = 1; i < N; ++i)
    s4 += x0[i] * x0[i];
  g4[0] = s4 * exp(x0[0]);
  for (int i = 1; i < N; ++i)
    g4[i] = 2 * x0[i] * exp(x0[0]);
  double d3[N] = {0}, d4[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = x0[i];
  __enzyme_autodiff((void *)f3, x, d3);
  __enzyme_autodiff((void *)f4, x, d4);
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(d3[i], g3[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f3.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f3, x, e[i]), g3[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "f3.fwd[%d]", i, 0);
    eddy_checkf_tol(d3[i], eddy_fd_partial(f3_ctx, 0, x0, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "f3.fd[%d]", i, 0);
    eddy_checkf_tol(d4[i], g4[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f4.rev[%d]", i, 0);
    eddy_checkf_tol(d4[i], eddy_fd_partial(f4_ctx, 0, x0, N, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "f4.fd[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f4, x, e[i]), g4[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "f4.fwd[%d]", i, 0);
  }

  double g5[N] = {x0[3] + 2 * x0[1], x0[2] + 2 * x0[0], x0[1], x0[0]}, d5[N] = {0};
  __enzyme_autodiff((void *)f5, x, d5);
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(d5[i], g5[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f5.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f5, x, e[i]), g5[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "f5.fwd[%d]", i, 0);
  }

  // Forward over reverse: column j of f1's Hessian.
  double H1[N][N] = {{0, x0[3], 0, x0[1]},
                     {x0[3], -sin(x0[1]) * x0[2], cos(x0[1]), x0[0]},
                     {0, cos(x0[1]), 0, 0},
                     {x0[1], x0[0], 0, 0}};
  for (int j = 0; j < N; ++j) {
    double g[N] = {0}, hv[N] = {0};
    for (int i = 0; i < N; ++i)
      x[i] = x0[i];
    __enzyme_fwddiff((void *)grad_f1, x, e[j], g, hv);
    for (int i = 0; i < N; ++i)
      eddy_checkf_tol(hv[i], H1[i][j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "f1.hvp[%d][%d]", i, j);
  }
  return eddy_summary();
}

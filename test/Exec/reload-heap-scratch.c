// The gradient's adjoint re-reads a heap block the function allocated, when
// nothing can write the block after the load (scratch filled in one phase,
// read in the next: GMM's exp(q)); the block's free moves from the forward
// sweep to the adjoint. Where a write can follow the load (the next
// iteration of an enclosing loop, a later phase, a callee's caller) the value
// must still come from the tape. Each case is checked against a hand-written
// gradient and finite differences, at -O0 and -O2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

enum { N = 7 };

// e = exp(x) filled once, then read in a loop: sum_{i,j} e_i e_j x_j.
static double phases(const double *x, int n) {
  double *e = malloc(sizeof(double) * n);
  for (int i = 0; i < n; ++i)
    e[i] = exp(x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      s += e[i] * e[j] * x[j];
  free(e);
  return s;
}
static void d_phases(const double *x, int n, double *g) {
  double E = 0, Ex = 0;
  for (int i = 0; i < n; ++i) {
    E += exp(x[i]);
    Ex += exp(x[i]) * x[i];
  }
  // s = E * Ex; ds/dx_k = e_k Ex + E (e_k x_k + e_k)
  for (int k = 0; k < n; ++k)
    g[k] = exp(x[k]) * Ex + E * (exp(x[k]) * x[k] + exp(x[k]));
}

// The block is rewritten every outer iteration after it is read: each
// iteration's values must come from the tape. t_r = t_{r-1} * sin(x), three
// rounds; sum of the last round.
static double rewritten(const double *x, int n) {
  double *t = malloc(sizeof(double) * n);
  for (int i = 0; i < n; ++i)
    t[i] = x[i];
  for (int r = 0; r < 3; ++r)
    for (int i = 0; i < n; ++i)
      t[i] = t[i] * sin(x[i]);
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += t[i] * t[i];
  free(t);
  return s;
}
static void d_rewritten(const double *x, int n, double *g) {
  for (int i = 0; i < n; ++i) {
    // t = x sin^3 x, s_i = t^2: ds/dx = 2 t (sin^3 x + 3 x sin^2 x cos x)
    double sn = sin(x[i]), c = cos(x[i]), t = x[i] * sn * sn * sn;
    g[i] = 2 * t * (sn * sn * sn + 3 * x[i] * sn * sn * c);
  }
}

// A later phase overwrites the block after the loads: squares first, then
// the block is reused for cubes.
static double reused(const double *x, int n) {
  double *b = malloc(sizeof(double) * n);
  for (int i = 0; i < n; ++i)
    b[i] = x[i] * x[i];
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += b[i] * x[i];
  for (int i = 0; i < n; ++i)
    b[i] = b[i] * x[i] * x[i];
  for (int i = 0; i < n; ++i)
    s += b[i];
  free(b);
  return s;
}
static void d_reused(const double *x, int n, double *g) {
  for (int i = 0; i < n; ++i) // s_i = x^3 + x^4
    g[i] = 3 * x[i] * x[i] + 4 * x[i] * x[i] * x[i];
}

// A callee's adjoint runs after its caller's later code: the callee may not
// re-read (its block is its own, but the rule is per pair).
__attribute__((noinline)) static double inner(const double *x, int n) {
  return phases(x, n);
}
static double outer(double *x, int n) {
  double a = inner(x, n);
  x[0] = 2 * x[0];
  return a + x[0];
}

static double wrap_phases(const double *x, void *n) { return phases(x, *(int *)n); }
static double wrap_rewritten(const double *x, void *n) { return rewritten(x, *(int *)n); }
static double wrap_reused(const double *x, void *n) { return reused(x, *(int *)n); }

/// Compares the gradient g (requested by the caller: a request must name its
/// function) with the hand-written one and with finite differences.
static void check(const char *name, const double *g,
                  double (*wrap)(const double *, void *),
                  void (*hand)(const double *, int, double *), const double *x) {
  double ref[N];
  int n = N;
  hand(x, n, ref);
  for (int i = 0; i < N; ++i) {
    char what[64];
    snprintf(what, sizeof what, "%s.grad[%d]", name, i);
    eddy_check_tol(what, g[i], ref[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
    snprintf(what, sizeof what, "%s.fd[%d]", name, i);
    eddy_check_tol(what, g[i], eddy_fd_partial(wrap, &n, x, n, i), EDDY_RTOL_FD, EDDY_ATOL_FD);
  }
}

#define GRADIENT(f, x, g)                                                        \
  do {                                                                         \
    double xs_[N];                                                             \
    for (int i_ = 0; i_ < N; ++i_) {                                           \
      xs_[i_] = (x)[i_];                                                       \
      (g)[i_] = 0;                                                             \
    }                                                                          \
    __enzyme_autodiff((void *)f, enzyme_dup, xs_, g, enzyme_const, N);         \
  } while (0)

int main(void) {
  double x[N];
  for (int i = 0; i < N; ++i)
    x[i] = 0.2 + 0.1 * i;
  double g[N];
  GRADIENT(phases, x, g);
  check("phases", g, wrap_phases, d_phases, x);
  GRADIENT(rewritten, x, g);
  check("rewritten", g, wrap_rewritten, d_rewritten, x);
  GRADIENT(reused, x, g);
  check("reused", g, wrap_reused, d_reused, x);

  // outer = inner(x) + 2 x0 (x0 doubled after the call): d/dx = d_phases + 2 e_0.
  double xo[N], go[N] = {0}, ro[N];
  for (int i = 0; i < N; ++i)
    xo[i] = x[i];
  __enzyme_autodiff((void *)outer, enzyme_dup, xo, go, enzyme_const, N);
  d_phases(x, N, ro);
  ro[0] += 2;
  for (int i = 0; i < N; ++i)
    eddy_checkf_tol(go[i], ro[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "outer.grad[%d]", i, 0);
  return eddy_summary();
}

// CHECK-DAG: OK phases.grad[6]
// CHECK-DAG: OK rewritten.fd[6]
// CHECK-DAG: OK reused.grad[6]
// CHECK-DAG: OK outer.grad[6]
// CHECK: ALL OK

// The gradient's own adjoint re-reads memory the function never writes
// instead of taping it; a callee's adjoint must not (its caller may overwrite
// the memory between the callee's forward and adjoint sweeps), nor may a
// function that writes, or may write through an alias, the memory it reads.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// Reads x only: its adjoint re-reads x[i] and x[i+1].
static double chain(const double *x, int n) {
  double s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += sin(x[i] * x[i + 1]);
  return s;
}
static void d_chain(const double *x, int n, double *g) {
  for (int i = 0; i < n; ++i)
    g[i] = 0;
  for (int i = 0; i + 1 < n; ++i) {
    double c = cos(x[i] * x[i + 1]);
    g[i] += c * x[i + 1];
    g[i + 1] += c * x[i];
  }
}

// The callee reads x[0] and x[1]; the caller overwrites x[0] after the call,
// before the callee's adjoint runs. f = x0^2 x1 * (3 x0) = 3 x0^3 x1.
__attribute__((noinline)) static double reader(const double *x) {
  return x[0] * x[0] * x[1];
}
static double overwrite_after_call(double *x, int n) {
  (void)n;
  double a = reader(x);
  x[0] = 3 * x[0];
  return a * x[0];
}
static void d_overwrite_after_call(const double *x, int n, double *g) {
  (void)n;
  g[0] = 9 * x[0] * x[0] * x[1];
  g[1] = 3 * x[0] * x[0] * x[0];
}

// Writes through y, which may alias x: x counts as written. With y == x + 1
// the store changes x[1] between its two reads.
static double through_alias(double *x, double *y) {
  double a = x[1] * x[0];
  y[0] = a;
  return x[1] * x[0] + a;
}

int main(void) {
  double x[8], g[8], ref[8];
  for (int i = 0; i < 8; ++i)
    x[i] = 0.3 + 0.1 * i;

  for (int k = 0; k < 8; ++k)
    g[k] = 0;
  __enzyme_autodiff((void *)chain, enzyme_dup, x, g, enzyme_const, 8);
  d_chain(x, 8, ref);
  for (int k = 0; k < 8; ++k)
    eddy_checkf_tol(g[k], ref[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "chain.grad[%d]", k, 0);

  double xo[2] = {0.7, 1.3}, go[2] = {0, 0}, ro[2];
  d_overwrite_after_call(xo, 2, ro);
  __enzyme_autodiff((void *)overwrite_after_call, enzyme_dup, xo, go, enzyme_const, 2);
  for (int k = 0; k < 2; ++k)
    eddy_checkf_tol(go[k], ro[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "overwrite_after_call.grad[%d]", k, 0);

  // y = x + 1: a = x0 x1; x1 := a; f = a x0 + a = x0^2 x1 + x0 x1,
  // df/dx0 = 2 x0 x1 + x1, df/dx1 = x0^2 + x0.
  double xa[2] = {0.6, 1.1}, ga[2] = {0, 0};
  double x0 = xa[0], x1 = xa[1];
  __enzyme_autodiff((void *)through_alias, enzyme_dup, xa, ga, enzyme_dup, xa + 1, ga + 1);
  eddy_checkf_tol(ga[0], 2 * x0 * x1 + x1, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "through_alias.grad[%d]", 0, 0);
  eddy_checkf_tol(ga[1], x0 * x0 + x0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "through_alias.grad[%d]", 1, 0);
  return eddy_summary();
}

// CHECK: OK chain.grad[7]
// CHECK: OK overwrite_after_call.grad[1]
// CHECK: OK through_alias.grad[1]
// CHECK: ALL OK

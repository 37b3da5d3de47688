// In-place stencils whose adjoint zeroes a shadow element and adds into it
// one iteration later (the adjoint of the store to u[i], then of the load of
// u[i] as the previous cell's right neighbour). Eddy passes that zero to the
// next iteration instead of through memory (ShadowForwarding.cpp), which
// lets LLVM vectorize the adjoint; these shapes check the rewrite and the
// cases it must leave alone: the benchmark's stepper (left neighbour kept in
// a register), a loop running downwards, a body that also touches the
// neighbour it is about to overwrite, one interior cell (a one-iteration
// loop), and a strided stencil. Reverse mode against forward mode (exact) and
// finite differences, at -O0 and -O2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

enum { MAXN = 24 };

// bench/kernels/heat.h's stepper.
static double heat(double *u, int n, int steps, double r) {
  for (int s = 0; s < steps; ++s) {
    double left = u[0];
    for (int i = 1; i < n - 1; ++i) {
      double c = u[i];
      u[i] = c + r * (left - 2.0 * c + u[i + 1]);
      left = c;
    }
  }
  double L = 0;
  for (int i = 0; i < n; ++i)
    L += u[i] * u[i];
  return 0.5 * L;
}

// Downwards, Gauss-Seidel with the new right neighbour.
static double down(double *u, int n, int steps, double r) {
  for (int s = 0; s < steps; ++s)
    for (int i = n - 2; i >= 1; --i)
      u[i] = u[i] + r * (u[i + 1] * u[i - 1] - u[i]);
  double L = 0;
  for (int i = 0; i < n; ++i)
    L += sin(u[i]);
  return L;
}

// Also writes the right neighbour it then reads in the next iteration.
static double meddle(double *u, int n, int steps, double r) {
  for (int s = 0; s < steps; ++s)
    for (int i = 1; i < n - 1; ++i) {
      double c = u[i];
      u[i] = c + r * u[i + 1] * u[i - 1];
      u[i + 1] = u[i + 1] * (1 + 0.1 * c);
    }
  double L = 0;
  for (int i = 0; i < n; ++i)
    L += u[i] * u[i] * u[i];
  return L;
}

// Every other cell.
static double strided(double *u, int n, int steps, double r) {
  for (int s = 0; s < steps; ++s)
    for (int i = 2; i < n - 2; i += 2)
      u[i] = u[i] + r * (u[i - 2] - 2 * u[i] + u[i + 2]);
  double L = 0;
  for (int i = 0; i < n; ++i)
    L += u[i] * u[i];
  return L;
}

typedef double (*Kernel)(double *, int, int, double);
static const double *FdU;
static int FdN, FdSteps;
static Kernel FdK;
static double fdR(double r) {
  double w[MAXN];
  memcpy(w, FdU, sizeof(double) * FdN);
  return FdK(w, FdN, FdSteps, r);
}
static double fdU(const double *x, void *ctx) {
  (void)ctx;
  double w[MAXN];
  memcpy(w, x, sizeof(double) * FdN);
  return FdK(w, FdN, FdSteps, 0.21);
}

/// Reverse gradient (gu, gr) against a forward-mode column per cell and FD.
static void check(const char *name, Kernel k, const double *u0, int n, int steps,
                  const double *gu, double gr, const double *fu, double fr) {
  char what[64];
  FdU = u0;
  FdN = n;
  FdSteps = steps;
  FdK = k;
  for (int i = 0; i < n; ++i) {
    snprintf(what, sizeof what, "%s.n%d.fwd[%d]", name, n, i);
    eddy_check_tol(what, gu[i], fu[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
    snprintf(what, sizeof what, "%s.n%d.fd[%d]", name, n, i);
    eddy_check_tol(what, gu[i], eddy_fd_partial(fdU, 0, u0, n, i), EDDY_RTOL_FD,
                   EDDY_ATOL_FD);
  }
  snprintf(what, sizeof what, "%s.n%d.r", name, n);
  eddy_check_tol(what, gr, fr, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check_fd(what, gr, eddy_fd(fdR, 0.21));
}

// The request must name its function: one macro per kernel.
#define RUN(K, n, steps)                                                         \
  do {                                                                         \
    double u0[MAXN], w[MAXN], gu[MAXN] = {0}, fu[MAXN], fr, r = 0.21;          \
    for (int i = 0; i < (n); ++i)                                              \
      u0[i] = 0.4 + 0.3 * sin(1.7 * i);                                        \
    memcpy(w, u0, sizeof u0);                                                  \
    double gr = __enzyme_autodiff((void *)K, enzyme_dup, w, gu, enzyme_const, \
                                  (n), enzyme_const, (steps), enzyme_out, r);  \
    for (int j = 0; j < (n); ++j) {                                            \
      double e[MAXN] = {0};                                                    \
      e[j] = 1;                                                                \
      memcpy(w, u0, sizeof u0);                                                \
      fu[j] = __enzyme_fwddiff((void *)K, enzyme_dup, w, e, enzyme_const, (n), \
                               enzyme_const, (steps), r, 0.0);                 \
    }                                                                          \
    double z[MAXN] = {0};                                                      \
    memcpy(w, u0, sizeof u0);                                                  \
    fr = __enzyme_fwddiff((void *)K, enzyme_dup, w, z, enzyme_const, (n),      \
                          enzyme_const, (steps), r, 1.0);                      \
    check(#K, K, u0, (n), (steps), gu, gr, fu, fr);                            \
  } while (0)

int main(void) {
  int sizes[] = {3, 4, 5, 17};
  for (int k = 0; k < 4; ++k) {
    RUN(heat, sizes[k], 7);
    RUN(down, sizes[k], 5);
    RUN(meddle, sizes[k], 3);
    RUN(strided, sizes[k], 6);
  }
  return eddy_summary();
}

// CHECK-DAG: OK heat.n3.r
// CHECK-DAG: OK heat.n17.fd[16]
// CHECK-DAG: OK down.n17.fwd[16]
// CHECK-DAG: OK meddle.n17.fd[16]
// CHECK-DAG: OK strided.n5.r
// CHECK-DAG: OK strided.n17.fwd[16]
// CHECK: ALL OK

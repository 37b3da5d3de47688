// Adjoints accumulated over a loop: the adjoint of a value used in every
// iteration (a loop-invariant scalar, x[c] in a triangular product, a scalar
// parameter) is a sum over the iterations. Eddy marks adjoint sums `reassoc`
// so LLVM vectorizes them (in a different order of summation than the
// scalar loop): checked against hand-written gradients, forward mode and
// finite differences, with odd sizes so vector remainders run too.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

enum { D = 13, NL = D * (D - 1) / 2 };

// |Q x|^2 / 2 with Q = diag(q) + strictly lower L packed by columns (the GMM
// objective's inner product), on heap scratch like the benchmark.
static double tri(const double *q, const double *L, const double *x, int d) {
  double *Qx = malloc(sizeof(double) * d);
  for (int j = 0; j < d; ++j)
    Qx[j] = q[j] * x[j];
  int li = 0;
  for (int c = 0; c < d; ++c)
    for (int r = c + 1; r < d; ++r)
      Qx[r] += L[li++] * x[c];
  double s = 0;
  for (int j = 0; j < d; ++j)
    s += Qx[j] * Qx[j];
  free(Qx);
  return 0.5 * s;
}
static void d_tri(const double *q, const double *L, const double *x, int d, double *gq,
                  double *gL, double *gx) {
  double Qx[D];
  for (int j = 0; j < d; ++j)
    Qx[j] = q[j] * x[j];
  int li = 0;
  for (int c = 0; c < d; ++c)
    for (int r = c + 1; r < d; ++r)
      Qx[r] += L[li++] * x[c];
  for (int j = 0; j < d; ++j) {
    gq[j] = Qx[j] * x[j];
    gx[j] = Qx[j] * q[j];
  }
  li = 0;
  for (int c = 0; c < d; ++c)
    for (int r = c + 1; r < d; ++r) {
      gL[li] = Qx[r] * x[c];
      gx[c] += Qx[r] * L[li++];
    }
}

// a * sum_i sin(v_i): the adjoint of the scalar a sums over the loop.
static double scaled(const double *v, int n, double a) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a * sin(v[i]);
  return s;
}

static double tri_x(const double *x, void *ctx) {
  const double *qL = ctx;
  return tri(qL, qL + D, x, D);
}

int main(void) {
  double q[D], L[NL], x[D], qL[D + NL];
  for (int j = 0; j < D; ++j)
    q[j] = 1 + 0.5 * eddy_rand();
  for (int k = 0; k < NL; ++k)
    L[k] = eddy_rand();
  for (int j = 0; j < D; ++j)
    x[j] = eddy_rand();
  double gq[D] = {0}, gL[NL] = {0}, gx[D] = {0}, rq[D], rL[NL], rx[D];
  __enzyme_autodiff((void *)tri, enzyme_dup, q, gq, enzyme_dup, L, gL, enzyme_dup, x, gx,
                    enzyme_const, D);
  d_tri(q, L, x, D, rq, rL, rx);
  for (int j = 0; j < D; ++j) {
    eddy_checkf_tol(gq[j], rq[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "tri.gq[%d]", j, 0);
    eddy_checkf_tol(gx[j], rx[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "tri.gx[%d]", j, 0);
  }
  for (int k = 0; k < NL; ++k)
    eddy_checkf_tol(gL[k], rL[k], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "tri.gL[%d]", k, 0);
  // x's gradient against forward mode (one column per coordinate) and FD.
  for (int j = 0; j < D; ++j) {
    double zq[D] = {0}, zL[NL] = {0}, e[D] = {0};
    e[j] = 1;
    double t = __enzyme_fwddiff((void *)tri, enzyme_dup, q, zq, enzyme_dup, L, zL,
                                enzyme_dup, x, e, enzyme_const, D);
    eddy_checkf_tol(gx[j], t, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "tri.gx_vs_fwd[%d]", j, 0);
  }
  for (int j = 0; j < D; ++j)
    qL[j] = q[j];
  for (int k = 0; k < NL; ++k)
    qL[D + k] = L[k];
  for (int j = 0; j < D; ++j)
    eddy_checkf_tol(gx[j], eddy_fd_partial(tri_x, qL, x, D, j), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "tri.gx_vs_fd[%d]", j, 0);

  // The scalar's adjoint: sum_i sin(v_i); v's: a cos(v_i).
  enum { N = 37 };
  double v[N], gv[N] = {0}, a = 0.7, want = 0;
  for (int i = 0; i < N; ++i)
    v[i] = 2 * eddy_rand();
  for (int i = 0; i < N; ++i)
    want += sin(v[i]);
  double ga = __enzyme_autodiff((void *)scaled, enzyme_dup, v, gv, enzyme_const, N,
                                enzyme_out, a);
  eddy_check("scaled.ga", ga, want);
  for (int i = 0; i < N; ++i)
    eddy_checkf_tol(gv[i], a * cos(v[i]), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "scaled.gv[%d]", i,
                    0);
  return eddy_summary();
}

// CHECK: OK tri.gq[12]
// CHECK: OK tri.gx[12]
// CHECK: OK tri.gL[77]
// CHECK: OK tri.gx_vs_fwd[12]
// CHECK: OK tri.gx_vs_fd[12]
// CHECK: OK scaled.ga
// CHECK: OK scaled.gv[36]
// CHECK: ALL OK

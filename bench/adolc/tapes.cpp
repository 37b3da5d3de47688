//===- bench/adolc/tapes.cpp - ADOL-C tapes of the benchmark kernels --------===//
#include "tapes.h"

#include <adolc/adolc.h>

#include "../kernels/ba.h"
#include "../kernels/curve.h"
#include "../kernels/gmm.h"
#include "../kernels/heat.h"
#include "../kernels/lstm.h"
#include "../kernels/mlp_extra.h"

namespace {
short NextTag = 1;

// Tapes F over N independents X; F writes its dependents into a vector.
template <class Fn> short record(int N, const double *X, Fn F) {
  short Tag = NextTag++;
  trace_on(Tag);
  adouble *A = new adouble[N];
  for (int I = 0; I < N; ++I)
    A[I] <<= X[I];
  F(A);
  trace_off();
  delete[] A;
  return Tag;
}
void dep(adouble Y) {
  double V;
  Y >>= V;
}
} // namespace

short adolc_record_gmm(int d, int K, int n, const double *P, const double *x,
                       double gamma, int m) {
  int N = K + K * d + K * d * (d + 1) / 2;
  return record(N, P, [&](adouble *A) {
    dep(gmm_objective<adouble>(d, K, n, A, A + K, A + K + K * d, x, gamma, m));
  });
}

short adolc_record_lstm(int l, int c, int b, const double *P,
                        const double *state, const double *seq) {
  return record(8 * l * b + 3 * b, P, [&](adouble *A) {
    dep(lstm_objective<adouble>(l, c, b, A, A + 8 * l * b, state, seq));
  });
}

short adolc_record_ba(const double *P) {
  return record(17, P, [&](adouble *A) {
    adouble E[2];
    ba_reproj<adouble>(A, A + 11, A + 14, A + 15, E);
    dep(E[0]);
    dep(E[1]);
  });
}

short adolc_record_mlp(const double *p, const double *X, const int *labels,
                       int batch) {
  return record(MLP_NPARAMS, p, [&](adouble *A) {
    dep(mlp_loss_t<adouble>(A, X, labels, batch));
  });
}

short adolc_record_heat(const double *P, int n, int steps) {
  return record(n + 1, P, [&](adouble *A) {
    dep(heat_loss<adouble>(A, n, steps, A[n]));
  });
}

short adolc_record_curve(const double *p, const double *t, int m) {
  return record(3, p, [&](adouble *A) {
    adouble *Y = new adouble[m];
    curve<adouble>(A, t, Y, m);
    for (int j = 0; j < m; ++j)
      dep(Y[j]);
    delete[] Y;
  });
}

void adolc_gradient(short Tag, int N, const double *X, double *G) {
  gradient(Tag, N, X, G);
}
void adolc_jacobian(short Tag, int M, int N, const double *X, double **J) {
  jacobian(Tag, M, N, X, J);
}
double **adolc_matrix(int M, int N) { return myalloc2(M, N); }
void adolc_free_matrix(double **J) { myfree2(J); }

//===- bench/kernels/gmm.h - ADBench GMM objective and its hand gradient -===//
//
// Negative log-likelihood of n points x_i in R^d under a K-component Gaussian
// mixture plus a Wishart prior, written from the ADBench definition:
//
//   Q_k     lower triangular: diag exp(q_k), strict lower part l_k, packed
//           column by column (for c = 0..d-1, r = c+1..d-1: L[r][c]);
//   icf_k   = [q_k (d), l_k (d(d-1)/2)]
//   f = sum_i logsumexp_k( a_k + sum(q_k) - |Q_k (x_i - mu_k)|^2 / 2 )
//       - n logsumexp(a)
//       + sum_k ( g^2/2 (|exp(q_k)|^2 + |l_k|^2) - m sum(q_k) )
//
// up to the additive constants of the Gaussian and Wishart normalisations
// (they do not depend on the parameters). T is double or ADOL-C's adouble.
// Scratch is heap-allocated inside, as a user would write it.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_GMM_H
#define EDDY_BENCH_GMM_H

#include <cmath>
#include <cstdlib>

#include "scratch.h"

template <class T> static T gmm_logsumexp(const T *V, int N) {
  T M = V[0];
  for (int I = 1; I < N; ++I)
    M = V[I] > M ? V[I] : M;
  T S = 0;
  for (int I = 0; I < N; ++I)
    S += exp(V[I] - M);
  return log(S) + M;
}

template <class T>
T gmm_objective(int d, int K, int n, const T *alphas, const T *means,
                const T *icf, const double *x, double gamma, int m) {
  using std::exp;
  using std::log;
  const int icf_sz = d * (d + 1) / 2;
  T *Qdiags = scratch_alloc<T>((size_t)d * K);
  T *sum_qs = scratch_alloc<T>(K);
  T *xc = scratch_alloc<T>(d);
  T *Qxc = scratch_alloc<T>(d);
  T *main_term = scratch_alloc<T>(K);

  for (int k = 0; k < K; ++k) {
    sum_qs[k] = 0;
    for (int j = 0; j < d; ++j) {
      sum_qs[k] += icf[k * icf_sz + j];
      Qdiags[k * d + j] = exp(icf[k * icf_sz + j]);
    }
  }

  T slse = 0;
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < K; ++k) {
      for (int j = 0; j < d; ++j)
        xc[j] = x[i * d + j] - means[k * d + j];
      // Qxc = Q_k xc: diagonal, then the packed strict lower part.
      for (int j = 0; j < d; ++j)
        Qxc[j] = Qdiags[k * d + j] * xc[j];
      const T *L = icf + k * icf_sz + d;
      int li = 0;
      for (int c = 0; c < d; ++c)
        for (int r = c + 1; r < d; ++r)
          Qxc[r] += L[li++] * xc[c];
      T sq = 0;
      for (int j = 0; j < d; ++j)
        sq += Qxc[j] * Qxc[j];
      main_term[k] = alphas[k] + sum_qs[k] - 0.5 * sq;
    }
    slse += gmm_logsumexp(main_term, K);
  }

  T prior = 0;
  for (int k = 0; k < K; ++k) {
    T fro = 0;
    for (int j = 0; j < d; ++j)
      fro += Qdiags[k * d + j] * Qdiags[k * d + j];
    for (int j = d; j < icf_sz; ++j)
      fro += icf[k * icf_sz + j] * icf[k * icf_sz + j];
    prior += 0.5 * gamma * gamma * fro - m * sum_qs[k];
  }
  T result = slse - n * gmm_logsumexp(alphas, K) + prior;

  scratch_free(Qdiags);
  scratch_free(sum_qs);
  scratch_free(xc);
  scratch_free(Qxc);
  scratch_free(main_term);
  return result;
}

/// Hand-written gradient (our own): per point, keeps xc and Q xc of every
/// component, then back-propagates through the softmax weights. Adds into
/// d_alphas, d_means, d_icf (zero them first).
static void gmm_gradient_hand(int d, int K, int n, const double *alphas,
                              const double *means, const double *icf,
                              const double *x, double gamma, int m,
                              double *d_alphas, double *d_means, double *d_icf) {
  const int icf_sz = d * (d + 1) / 2;
  double *Qdiags = (double *)malloc(sizeof(double) * d * K);
  double *sum_qs = (double *)malloc(sizeof(double) * K);
  double *xc = (double *)malloc(sizeof(double) * d * K);
  double *Qxc = (double *)malloc(sizeof(double) * d * K);
  double *mt = (double *)malloc(sizeof(double) * K);
  double *dx = (double *)malloc(sizeof(double) * d);
  for (int k = 0; k < K; ++k) {
    sum_qs[k] = 0;
    for (int j = 0; j < d; ++j) {
      sum_qs[k] += icf[k * icf_sz + j];
      Qdiags[k * d + j] = exp(icf[k * icf_sz + j]);
    }
  }
  for (int i = 0; i < n; ++i) {
    double mx = -INFINITY;
    for (int k = 0; k < K; ++k) {
      double *xk = xc + k * d, *qk = Qxc + k * d;
      const double *L = icf + k * icf_sz + d;
      for (int j = 0; j < d; ++j) {
        xk[j] = x[i * d + j] - means[k * d + j];
        qk[j] = Qdiags[k * d + j] * xk[j];
      }
      int li = 0;
      for (int c = 0; c < d; ++c)
        for (int r = c + 1; r < d; ++r)
          qk[r] += L[li++] * xk[c];
      double sq = 0;
      for (int j = 0; j < d; ++j)
        sq += qk[j] * qk[j];
      mt[k] = alphas[k] + sum_qs[k] - 0.5 * sq;
      mx = mt[k] > mx ? mt[k] : mx;
    }
    double s = 0;
    for (int k = 0; k < K; ++k)
      s += (mt[k] = exp(mt[k] - mx));
    for (int k = 0; k < K; ++k) {
      double w = mt[k] / s; // d slse / d main_term[k]
      double *xk = xc + k * d, *qk = Qxc + k * d;
      double *dq = d_icf + k * icf_sz, *dL = dq + d;
      const double *L = icf + k * icf_sz + d;
      d_alphas[k] += w;
      // main = a + sum q - |Qxc|^2/2:  dQxc = -w Qxc.
      for (int j = 0; j < d; ++j)
        qk[j] *= -w;
      for (int j = 0; j < d; ++j) {
        dq[j] += w + qk[j] * xk[j] * Qdiags[k * d + j];
        dx[j] = qk[j] * Qdiags[k * d + j];
      }
      int li = 0;
      for (int c = 0; c < d; ++c) {
        double acc = 0;
        for (int r = c + 1; r < d; ++r) {
          dL[li] += qk[r] * xk[c];
          acc += L[li] * qk[r];
          ++li;
        }
        dx[c] += acc;
      }
      for (int j = 0; j < d; ++j)
        d_means[k * d + j] -= dx[j];
    }
  }
  // - n logsumexp(alphas)
  double mx = alphas[0], s = 0;
  for (int k = 1; k < K; ++k)
    mx = alphas[k] > mx ? alphas[k] : mx;
  for (int k = 0; k < K; ++k)
    s += exp(alphas[k] - mx);
  for (int k = 0; k < K; ++k)
    d_alphas[k] -= n * exp(alphas[k] - mx) / s;
  // prior
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < d; ++j)
      d_icf[k * icf_sz + j] +=
          gamma * gamma * Qdiags[k * d + j] * Qdiags[k * d + j] - m;
    for (int j = d; j < icf_sz; ++j)
      d_icf[k * icf_sz + j] += gamma * gamma * icf[k * icf_sz + j];
  }
  free(Qdiags);
  free(sum_qs);
  free(xc);
  free(Qxc);
  free(mt);
  free(dx);
}

#endif

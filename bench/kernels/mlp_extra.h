//===- bench/kernels/mlp_extra.h - The seeds' MLP: hand gradient, adouble port ===//
//
// The model is examples/mlp.h (4 -> tanh 8 -> tanh 8 -> 3, mean softmax
// cross-entropy over a batch), which Eddy differentiates as it is. Here:
//   mlp_loss_t<T>      the same operations, in the same order, over any scalar
//                      type (for ADOL-C's adouble);
//   mlp_gradient_hand  our own back-propagation, adding into dp.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_MLP_EXTRA_H
#define EDDY_BENCH_MLP_EXTRA_H

#include "../../examples/mlp.h"

template <class T>
static void mlp_affine_t(const T *p, int w, int b, const T *in, T *out, int rows,
                         int cols) {
  for (int r = 0; r < rows; ++r) {
    T s = p[b + r];
    for (int c = 0; c < cols; ++c)
      s += p[w + r * cols + c] * in[c];
    out[r] = s;
  }
}

template <class T>
T mlp_loss_t(const T *p, const double *X, const int *labels, int batch) {
  T total = 0;
  for (int n = 0; n < batch; ++n) {
    T x[MLP_IN], h1[MLP_H1], h2[MLP_H2], z[MLP_OUT];
    for (int i = 0; i < MLP_IN; ++i)
      x[i] = X[n * MLP_IN + i];
    mlp_affine_t(p, MLP_W1, MLP_B1, x, h1, MLP_H1, MLP_IN);
    for (int i = 0; i < MLP_H1; ++i)
      h1[i] = tanh(h1[i]);
    mlp_affine_t(p, MLP_W2, MLP_B2, h1, h2, MLP_H2, MLP_H1);
    for (int i = 0; i < MLP_H2; ++i)
      h2[i] = tanh(h2[i]);
    mlp_affine_t(p, MLP_W3, MLP_B3, h2, z, MLP_OUT, MLP_H2);
    T m = z[0], s = 0;
    for (int k = 1; k < MLP_OUT; ++k)
      m = z[k] > m ? z[k] : m;
    for (int k = 0; k < MLP_OUT; ++k)
      s += exp(z[k] - m);
    total += m + log(s) - z[labels[n]];
  }
  return total / batch;
}

static void mlp_gradient_hand(const double *p, const double *X,
                              const int *labels, int batch, double *dp) {
  for (int n = 0; n < batch; ++n) {
    const double *x = X + n * MLP_IN;
    double h1[MLP_H1], h2[MLP_H2], z[MLP_OUT];
    mlp_affine(p, MLP_W1, MLP_B1, x, h1, MLP_H1, MLP_IN);
    for (int i = 0; i < MLP_H1; ++i)
      h1[i] = tanh(h1[i]);
    mlp_affine(p, MLP_W2, MLP_B2, h1, h2, MLP_H2, MLP_H1);
    for (int i = 0; i < MLP_H2; ++i)
      h2[i] = tanh(h2[i]);
    mlp_affine(p, MLP_W3, MLP_B3, h2, z, MLP_OUT, MLP_H2);
    double m = z[0], s = 0, dz[MLP_OUT], dh2[MLP_H2] = {0}, dh1[MLP_H1] = {0};
    for (int k = 1; k < MLP_OUT; ++k)
      m = z[k] > m ? z[k] : m;
    for (int k = 0; k < MLP_OUT; ++k)
      s += (dz[k] = exp(z[k] - m));
    for (int k = 0; k < MLP_OUT; ++k)
      dz[k] = (dz[k] / s - (k == labels[n])) / batch;
    for (int r = 0; r < MLP_OUT; ++r) {
      dp[MLP_B3 + r] += dz[r];
      for (int c = 0; c < MLP_H2; ++c) {
        dp[MLP_W3 + r * MLP_H2 + c] += dz[r] * h2[c];
        dh2[c] += dz[r] * p[MLP_W3 + r * MLP_H2 + c];
      }
    }
    for (int r = 0; r < MLP_H2; ++r) {
      double g = dh2[r] * (1 - h2[r] * h2[r]);
      dp[MLP_B2 + r] += g;
      for (int c = 0; c < MLP_H1; ++c) {
        dp[MLP_W2 + r * MLP_H1 + c] += g * h1[c];
        dh1[c] += g * p[MLP_W2 + r * MLP_H1 + c];
      }
    }
    for (int r = 0; r < MLP_H1; ++r) {
      double g = dh1[r] * (1 - h1[r] * h1[r]);
      dp[MLP_B1 + r] += g;
      for (int c = 0; c < MLP_IN; ++c)
        dp[MLP_W1 + r * MLP_IN + c] += g * x[c];
    }
  }
}

#endif

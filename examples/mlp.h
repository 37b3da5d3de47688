/*===- examples/mlp.h - A 3-layer perceptron written as plain C --*- C -*-===*
 *
 * The model of examples/mlp_train.c (and of the test test/Exec/mlp-gradient.c,
 * which checks exactly this code). Nothing in here knows about derivatives:
 * Eddy differentiates mlp_loss as it is.
 *
 *   input (4) -> tanh(W1 x + b1) (8) -> tanh(W2 h1 + b2) (8) -> W3 h2 + b3 (3)
 *   loss = mean over the batch of the softmax cross-entropy of the 3 logits.
 *
 * All weights and biases live in ONE array of MLP_NPARAMS doubles, so a
 * gradient is one array of the same size (one shadow).
 *===----------------------------------------------------------------------===*/
#ifndef EDDY_EXAMPLES_MLP_H
#define EDDY_EXAMPLES_MLP_H

#include <math.h>

#define MLP_IN 4
#define MLP_H1 8
#define MLP_H2 8
#define MLP_OUT 3

/* Offsets of each block in the parameter array; W is row-major [out][in]. */
#define MLP_W1 0
#define MLP_B1 (MLP_W1 + MLP_H1 * MLP_IN)
#define MLP_W2 (MLP_B1 + MLP_H1)
#define MLP_B2 (MLP_W2 + MLP_H2 * MLP_H1)
#define MLP_W3 (MLP_B2 + MLP_H2)
#define MLP_B3 (MLP_W3 + MLP_OUT * MLP_H2)
#define MLP_NPARAMS (MLP_B3 + MLP_OUT) /* 139 */

/* out = W in + b for W at p[w] (rows x cols) and b at p[b]. */
static void mlp_affine(const double *p, int w, int b, const double *in,
                       double *out, int rows, int cols) {
  for (int r = 0; r < rows; ++r) {
    double s = p[b + r];
    for (int c = 0; c < cols; ++c)
      s += p[w + r * cols + c] * in[c];
    out[r] = s;
  }
}

/* Mean softmax cross-entropy over `batch` samples; X is [batch][MLP_IN],
 * labels[i] in [0, MLP_OUT). */
static double mlp_loss(const double *p, const double *X, const int *labels,
                       int batch) {
  double total = 0;
  for (int n = 0; n < batch; ++n) {
    double h1[MLP_H1], h2[MLP_H2], z[MLP_OUT];
    mlp_affine(p, MLP_W1, MLP_B1, X + n * MLP_IN, h1, MLP_H1, MLP_IN);
    for (int i = 0; i < MLP_H1; ++i)
      h1[i] = tanh(h1[i]);
    mlp_affine(p, MLP_W2, MLP_B2, h1, h2, MLP_H2, MLP_H1);
    for (int i = 0; i < MLP_H2; ++i)
      h2[i] = tanh(h2[i]);
    mlp_affine(p, MLP_W3, MLP_B3, h2, z, MLP_OUT, MLP_H2);

    /* log-sum-exp with the max subtracted, so exp never overflows. */
    double m = z[0], s = 0;
    for (int k = 1; k < MLP_OUT; ++k)
      m = z[k] > m ? z[k] : m;
    for (int k = 0; k < MLP_OUT; ++k)
      s += exp(z[k] - m);
    total += m + log(s) - z[labels[n]];
  }
  return total / batch;
}

/* Deterministic pseudo-random numbers in [-1, 1) (64-bit LCG). */
static double mlp_rand(unsigned long long *state) {
  *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*state >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* Weights ~ U(-1,1)/sqrt(fan_in), biases 0.1 * U(-1,1). */
static void mlp_init(double *p, unsigned long long seed) {
  for (int i = 0; i < MLP_NPARAMS; ++i) {
    double fan_in = i < MLP_B1 ? MLP_IN : i < MLP_W3 ? MLP_H1 : MLP_H2;
    int is_bias = (i >= MLP_B1 && i < MLP_W2) || (i >= MLP_B2 && i < MLP_W3) ||
                  i >= MLP_B3;
    p[i] = is_bias ? 0.1 * mlp_rand(&seed) : mlp_rand(&seed) / sqrt(fan_in);
  }
}

/* A learnable 3-class problem: the class is the largest of three fixed
 * linear functions of the input. */
static void mlp_make_data(double *X, int *labels, int batch,
                          unsigned long long seed) {
  static const double A[MLP_OUT][MLP_IN] = {
      {1.0, -0.5, 0.3, 0.0}, {-0.4, 1.0, 0.0, 0.6}, {0.2, 0.1, -1.0, 0.8}};
  for (int n = 0; n < batch; ++n) {
    double best = -1e300;
    for (int i = 0; i < MLP_IN; ++i)
      X[n * MLP_IN + i] = 2.0 * mlp_rand(&seed);
    for (int k = 0; k < MLP_OUT; ++k) {
      double s = 0;
      for (int i = 0; i < MLP_IN; ++i)
        s += A[k][i] * X[n * MLP_IN + i];
      if (s > best) {
        best = s;
        labels[n] = k;
      }
    }
  }
}

#endif /* EDDY_EXAMPLES_MLP_H */

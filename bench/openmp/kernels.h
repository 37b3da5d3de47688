/*===- bench/openmp/kernels.h - The OpenMP benchmark's kernels ---*- C -*-===*
 *
 * The two kernels of test/OpenMP at benchmark sizes (the sizes are run-time
 * arguments; the MLP's layers are wider than the test's):
 *  - stencil_loss: y[i] = a*x[i]*x[i-1] + sin(x[i+1]) in a
 *    `parallel for schedule(static)`, then the weighted sum of the y[i] in
 *    serial code (test/OpenMP/stencil.c, loss_static);
 *  - mlp_loss: a batch of samples through a 2-layer tanh MLP with shared
 *    weights, `parallel for reduction(+:loss)` (test/OpenMP/mlp.c).
 * Built with -fopenmp the loops run on OMP_NUM_THREADS threads; without, the
 * pragmas are ignored (EDDY_NO_OPENMP=1 in run.sh).
 *===----------------------------------------------------------------------===*/
#ifndef BENCH_OPENMP_KERNELS_H
#define BENCH_OPENMP_KERNELS_H

#include <math.h>

static double stencil_weight(int i) { return 1.0 + 1e-6 * i; }

double stencil_loss(const double *x, double a, double *y, int n) {
#pragma omp parallel for schedule(static)
  for (int i = 1; i < n - 1; ++i)
    y[i] = a * x[i] * x[i - 1] + sin(x[i + 1]);
  double s = 0.0;
  for (int i = 1; i < n - 1; ++i)
    s += stencil_weight(i) * y[i];
  return s;
}

#define MLP_IN 16
#define MLP_HID 64
#define MLP_OUT 4
/* Parameter layout: W1 (HID x IN), b1 (HID), W2 (OUT x HID), b2 (OUT). */
#define MLP_W1 0
#define MLP_B1 (MLP_W1 + MLP_HID * MLP_IN)
#define MLP_W2 (MLP_B1 + MLP_HID)
#define MLP_B2 (MLP_W2 + MLP_OUT * MLP_HID)
#define MLP_NP (MLP_B2 + MLP_OUT)

static void mlp_sample(const double *p, const double *x, double *z) {
  double h[MLP_HID];
  for (int j = 0; j < MLP_HID; ++j) {
    double a = p[MLP_B1 + j];
    for (int i = 0; i < MLP_IN; ++i)
      a += p[MLP_W1 + j * MLP_IN + i] * x[i];
    h[j] = tanh(a);
  }
  for (int k = 0; k < MLP_OUT; ++k) {
    double a = p[MLP_B2 + k];
    for (int j = 0; j < MLP_HID; ++j)
      a += p[MLP_W2 + k * MLP_HID + j] * h[j];
    z[k] = a;
  }
}

/* Mean over the batch of half the squared error. */
double mlp_loss(const double *p, const double *X, const double *T, int batch) {
  double loss = 0.0;
#pragma omp parallel for reduction(+ : loss)
  for (int s = 0; s < batch; ++s) {
    double z[MLP_OUT];
    mlp_sample(p, X + s * MLP_IN, z);
    for (int k = 0; k < MLP_OUT; ++k) {
      double e = z[k] - T[s * MLP_OUT + k];
      loss += 0.5 * e * e;
    }
  }
  return loss / batch;
}

#endif /* BENCH_OPENMP_KERNELS_H */

//===- bench/kernels/heat.h - Explicit heat-equation stepper, in place ------===//
//
// u_i <- u_i + r (u_{i-1} - 2 u_i + u_{i+1}) for the interior cells, the two
// boundary cells held fixed, `steps` times, overwriting u in place (one
// temporary carries the old left neighbour). Loss: |u_final|^2 / 2.
// Gradient with respect to the initial u and the diffusion number r.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_HEAT_H
#define EDDY_BENCH_HEAT_H

#include <cstdlib>
#include <cstring>

template <class T> T heat_loss(T *u, int n, int steps, T r) {
  for (int s = 0; s < steps; ++s) {
    T left = u[0];
    for (int i = 1; i < n - 1; ++i) {
      T c = u[i];
      u[i] = c + r * (left - 2.0 * c + u[i + 1]);
      left = c;
    }
  }
  T L = 0;
  for (int i = 0; i < n; ++i)
    L += u[i] * u[i];
  return 0.5 * L;
}

/// Hand-written adjoint (our own): stores the trajectory (n x steps), then
/// lambda <- lambda + r A^T lambda per step backwards, dr += lambda . A u.
/// u is overwritten as by heat_loss; du receives d loss / d u_initial.
static double heat_gradient_hand(double *u, int n, int steps, double r,
                                 double *du) {
  double *traj = (double *)malloc(sizeof(double) * (size_t)n * steps);
  for (int s = 0; s < steps; ++s) {
    memcpy(traj + (size_t)s * n, u, sizeof(double) * n);
    double left = u[0];
    for (int i = 1; i < n - 1; ++i) {
      double c = u[i];
      u[i] = c + r * (left - 2.0 * c + u[i + 1]);
      left = c;
    }
  }
  double *lam = du, dr = 0;
  for (int i = 0; i < n; ++i)
    lam[i] = u[i];
  double *next = (double *)malloc(sizeof(double) * n);
  for (int s = steps - 1; s >= 0; --s) {
    const double *us = traj + (size_t)s * n;
    memcpy(next, lam, sizeof(double) * n);
    for (int i = 1; i < n - 1; ++i) {
      double li = next[i];
      dr += li * (us[i - 1] - 2.0 * us[i] + us[i + 1]);
      lam[i - 1] += r * li;
      lam[i] += -2.0 * r * li;
      lam[i + 1] += r * li;
    }
  }
  free(next);
  free(traj);
  return dr;
}

#endif

//===- bench/kernels/ba.h - ADBench bundle-adjustment residuals -------------===//
//
// Written from the ADBench BA definition. A camera has 11 parameters:
// Rodrigues rotation r (0..2), centre C (3..5), focal f (6), principal point
// u (7..8), radial distortion k (9..10). For a point X and weight w:
//   Xc = rotate(r, X - C); p = Xc[0..1] / Xc[2];
//   p *= 1 + k0 |p|^2 + k1 |p|^4;  err = w (f p + u - feat)      (2 outputs)
// plus the weight residual 1 - w^2. The Jacobian of one observation is a
// dense 2 x 15 block (11 camera, 3 point, 1 weight) and a 1 x 1 block.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_BA_H
#define EDDY_BENCH_BA_H

#include <cmath>

template <class T> static void ba_rodrigues(const T *r, const T *X, T *out) {
  T sqtheta = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
  if (sqtheta != 0) {
    T theta = sqrt(sqtheta);
    T ct = cos(theta), st = sin(theta);
    T inv = 1.0 / theta;
    T w[3] = {r[0] * inv, r[1] * inv, r[2] * inv};
    T wx[3] = {w[1] * X[2] - w[2] * X[1], w[2] * X[0] - w[0] * X[2],
               w[0] * X[1] - w[1] * X[0]};
    T tmp = (w[0] * X[0] + w[1] * X[1] + w[2] * X[2]) * (1.0 - ct);
    for (int i = 0; i < 3; ++i)
      out[i] = X[i] * ct + wx[i] * st + w[i] * tmp;
  } else {
    T rx[3] = {r[1] * X[2] - r[2] * X[1], r[2] * X[0] - r[0] * X[2],
               r[0] * X[1] - r[1] * X[0]};
    for (int i = 0; i < 3; ++i)
      out[i] = X[i] + rx[i];
  }
}

template <class T, class F = double>
void ba_reproj(const T *cam, const T *X, const T *w, const F *feat, T *err) {
  T Xo[3] = {X[0] - cam[3], X[1] - cam[4], X[2] - cam[5]};
  T Xc[3];
  ba_rodrigues(cam, Xo, Xc);
  T p0 = Xc[0] / Xc[2], p1 = Xc[1] / Xc[2];
  T rsq = p0 * p0 + p1 * p1;
  T L = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq;
  err[0] = w[0] * (cam[6] * (p0 * L) + cam[7] - feat[0]);
  err[1] = w[0] * (cam[6] * (p1 * L) + cam[8] - feat[1]);
}

template <class T> static T ba_weight_err(T w) { return 1.0 - w * w; }

#endif

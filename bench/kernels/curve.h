//===- bench/kernels/curve.h - A parametric curve: 3 inputs, m outputs ------===//
//
// gamma(t) = (cos(w t) e^{-a t}, sin(w t) e^{-a t}, h t) with p = (w, a, h);
// output j is the distance of gamma(t_j) from the point q = (1, 0.5, 0.2).
// n = 3 inputs, m outputs: one forward pass per input gives a Jacobian column.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_CURVE_H
#define EDDY_BENCH_CURVE_H

#include <cmath>

template <class T> void curve(const T *p, const double *t, T *y, int m) {
  for (int j = 0; j < m; ++j) {
    T e = exp(-p[1] * t[j]);
    T gx = cos(p[0] * t[j]) * e - 1.0;
    T gy = sin(p[0] * t[j]) * e - 0.5;
    T gz = p[2] * t[j] - 0.2;
    y[j] = sqrt(gx * gx + gy * gy + gz * gz);
  }
}

/// Hand-written Jacobian, column-major: J[k * m + j] = d y_j / d p_k.
static void curve_jacobian_hand(const double *p, const double *t, double *J,
                                int m) {
  for (int j = 0; j < m; ++j) {
    double e = exp(-p[1] * t[j]), c = cos(p[0] * t[j]), s = sin(p[0] * t[j]);
    double gx = c * e - 1.0, gy = s * e - 0.5, gz = p[2] * t[j] - 0.2;
    double y = sqrt(gx * gx + gy * gy + gz * gz);
    // dg/dw = (-s e t, c e t, 0), dg/da = (-c e t, -s e t, 0), dg/dh = (0,0,t)
    J[j] = (gx * -s * e * t[j] + gy * c * e * t[j]) / y;
    J[m + j] = (gx * -c * e * t[j] + gy * -s * e * t[j]) / y;
    J[2 * m + j] = gz * t[j] / y;
  }
}

#endif

#include "model.h"
#include <math.h>

double model_loss(const double *w, const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double r = tanh(w[0] + w[1] * x[i]) * w[2] - y[i];
    s += r * r;
  }
  return s / n;
}

double bump(double a, double b) { return exp(-a * a) * sin(b) + a * b; }

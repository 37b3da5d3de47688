// A loss over std::vector<double> passed by const reference: the shadow is a
// second vector of the same size (its heap buffer receives the adjoints), as
// with Enzyme. Reverse gradient vs analytic and FD; forward vs reverse.
//
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <vector>
#include "eddy_check.h"

// Sum of squared differences to a sine target plus a smoothness penalty.
static double fit_loss(const std::vector<double> &w) {
  double e = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    double d = w[i] - sin(0.5 * i);
    e += d * d;
    if (i > 0)
      e += 0.1 * (w[i] - w[i - 1]) * (w[i] - w[i - 1]);
  }
  return e;
}

static double fit_flat(const double *q, void *n) {
  std::vector<double> w(q, q + *static_cast<size_t *>(n));
  return fit_loss(w);
}

int main() {
  size_t n = 6;
  std::vector<double> w(n), dw(n, 0.0);
  for (size_t i = 0; i < n; ++i)
    w[i] = 0.3 * i - 0.5;
  __enzyme_autodiff((void *)fit_loss, &w, &dw);
  for (size_t i = 0; i < n; ++i) {
    double ref = 2 * (w[i] - sin(0.5 * i)) + (i > 0 ? 0.2 * (w[i] - w[i - 1]) : 0) -
                 (i + 1 < n ? 0.2 * (w[i + 1] - w[i]) : 0);
    eddy_checkf_tol(ref, eddy_fd_partial(fit_flat, &n, w.data(), (int)n, (int)i), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "fit.ref_vs_fd[%d]", (int)i, 0);
    eddy_checkf_tol(dw[i], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fit.rev[%d]", (int)i, 0);
  }
  std::vector<double> v(n);
  double ref = 0;
  for (size_t i = 0; i < n; ++i) {
    v[i] = eddy_rand();
    ref += v[i] * dw[i];
  }
  eddy_check("fit.fwd_vs_rev", __enzyme_fwddiff((void *)fit_loss, &w, &v), ref);
  return eddy_summary();
}

// CHECK: OK fit.rev[0]
// CHECK: OK fit.rev[5]
// CHECK: OK fit.fwd_vs_rev
// CHECK: ALL OK

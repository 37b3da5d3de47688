// std::vector growing INSIDE the differentiated function: push_back,
// emplace_back, reserve, resize with a value that depends on the input, and
// a vector of structs. With exceptions on (the default), every call that may
// throw is an invoke whose landing pad only destroys and rethrows; Eddy drops
// those exceptional paths (docs/user-guide.md, "Exceptions"). Reverse
// gradients vs finite differences and vs forward columns, at -O0 and -O2.
//
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <cmath>
#include <vector>

#define N 5

struct Sample {
  double value, weight;
};

// Builds its work vectors from the input: squares by push_back, a running
// product by emplace_back after a reserve, pads with resize(.., x[0]), then
// reduces; a vector of structs grows one element at a time.
static double grow(const double *x, int n) {
  std::vector<double> sq;
  for (int i = 0; i < n; ++i)
    sq.push_back(x[i] * x[i]);
  std::vector<double> prod;
  prod.reserve(2);                    // Too small on purpose: it regrows.
  double p = 1;
  for (int i = 0; i < n; ++i)
    prod.emplace_back(p *= 1 + 0.1 * x[i]);
  sq.resize(n + 3, x[0]);
  std::vector<Sample> samples;
  for (int i = 0; i < n; ++i)
    samples.push_back({std::sin(x[i]), 0.5 + 0.1 * i});
  double s = 0;
  for (double e : sq)
    s += std::cos(e);
  for (size_t i = 0; i < prod.size(); ++i)
    s += prod[i] / (1 + i);
  for (const Sample &smp : samples)
    s += smp.value * smp.weight * smp.value;
  return s;
}

static double grow_fd(const double *x, void *) { return grow(x, N); }

int main() {
  double x[N] = {0.3, -0.8, 1.1, 0.45, -0.2}, g[N] = {0};
  __enzyme_autodiff((void *)grow, x, g, N);
  for (int i = 0; i < N; ++i) {
    double e[N] = {0};
    e[i] = 1;
    eddy_checkf_tol(g[i], eddy_fd_partial(grow_fd, nullptr, x, N, i), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "grow.rev_vs_fd[%d]", i, 0);
    double col = __enzyme_fwddiff((void *)grow, x, e, N);
    eddy_checkf_tol(col, g[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "grow.fwd_vs_rev[%d]", i, 0);
  }
  return eddy_summary();
}

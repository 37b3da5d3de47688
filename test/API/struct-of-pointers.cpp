// Standard algorithms that return a pair of pointers or iterators by value
// (std::minmax_element; a helper returning std::pair<double *, double *>):
// {ptr, ptr} in the IR, a call that stays a call at -O0 (and a noinline one
// at -O2). The derivative follows the pointers out of the pair: gradient,
// jvp, jvp<2> and hvp against analytic values. Eddy used to refuse the first
// at -O0 and to return a zero gradient for the second at -O2.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

// (max - min) sin(max)
static double spread(const double *x, int n) {
  auto [lo, hi] = std::minmax_element(x, x + n);
  return (*hi - *lo) * std::sin(*hi);
}

__attribute__((noinline)) static std::pair<double *, double *> ends(double *x, int n) {
  return {x, x + n - 1};
}

int main() {
  std::vector<double> x{0.4, -1.2, 2.5, 0.9};
  const int n = 4;
  // max = x2, min = x1: f = (x2 - x1) sin(x2).
  double s = std::sin(x[2]), c = std::cos(x[2]), d = x[2] - x[1];
  const double grad[4] = {0.0, -s, s + d * c, 0.0};
  auto f = [](const double *u, int m) { return spread(u, m); };
  std::vector<double> g = eddy::gradient(f, eddy::ptr(x.data(), n), n);
  for (int i = 0; i < n; ++i)
    eddy_checkf_tol(g[i], grad[i], 1e-12, 1e-14, "spread.grad[%d]", i, 0);

  std::vector<double> dx{0.5, 1.0, -2.0, 3.0};
  auto [value, tangent] = eddy::jvp(f, eddy::dual(x.data(), dx.data()), n);
  double want = 0;
  for (int i = 0; i < n; ++i)
    want += grad[i] * dx[i];
  eddy_check("spread.value", value, d * s);
  eddy_check("spread.jvp", tangent, want);

  std::array<double, 4> xa{x[0], x[1], x[2], x[3]};
  std::array<std::array<double, 4>, 2> dirs{{{0, 1, 0, 0}, {0, 0, 1, 0}}};
  auto fa = [](const std::array<double, 4> &u) { return spread(u.data(), 4); };
  auto r = eddy::jvp<2>(fa, eddy::dual(xa, dirs));
  eddy_check("spread.jvp2[0]", r.tangent[0], grad[1]);
  eddy_check("spread.jvp2[1]", r.tangent[1], grad[2]);

  // H v for v = e1 + e2: d2f/dx1dx2 = -c, d2f/dx2^2 = 2c - d s, d2f/dx1^2 = 0.
  std::vector<double> v{0.0, 1.0, 1.0, 0.0};
  auto hv = eddy::hvp([](const double *u) { return spread(u, 4); }, eddy::ptr(x.data(), n),
                      v.data());
  eddy_check("spread.hvp[0]", hv[0], 0.0);
  eddy_check("spread.hvp[1]", hv[1], -c);
  eddy_check("spread.hvp[2]", hv[2], -c + 2 * c - d * s);
  eddy_check("spread.hvp[3]", hv[3], 0.0);

  // Writes through a pointer out of the pair: y2 = y0 y2, then y2 y1.
  auto h = [](std::vector<double> &u) {
    auto [a, b] = ends(u.data(), (int)u.size());
    *b = *a * *b;
    return *b * u[1];
  };
  const double y0 = 1.5, y1 = 2.0, y2 = -0.5;
  std::vector<double> y{y0, y1, y2};
  auto gy = eddy::gradient(h, y); // f runs on y itself: y[2] is y0 y2 after it
  eddy_check("ends.grad[0]", gy[0], y2 * y1);
  eddy_check("ends.grad[1]", gy[1], y0 * y2);
  eddy_check("ends.grad[2]", gy[2], y0 * y1);
  return eddy_summary();
}

// CHECK: OK spread.grad[3]
// CHECK: OK spread.jvp
// CHECK: OK spread.jvp2[1]
// CHECK: OK spread.hvp[3]
// CHECK: OK ends.grad[2]
// CHECK: ALL OK

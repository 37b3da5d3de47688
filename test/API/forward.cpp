// eddy::derivative, eddy::jvp and the batched eddy::jvp<N> (N directions,
// computed as N forward sweeps today), for scalars, std::array, std::vector,
// eddy::ptr and functions writing an output array; against analytic
// derivatives, central finite differences and reverse mode.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

static double g1(double x) { return std::exp(std::sin(x)) * x; }

int main() {
  // derivative: d/dx of a function of one variable (others held fixed).
  auto g = [](double x) { return g1(x); };
  eddy_check("derivative.analytic", eddy::derivative(g, 0.8),
             std::exp(std::sin(0.8)) * (std::cos(0.8) * 0.8 + 1.0));
  eddy_check_fd("derivative.fd", eddy::derivative(g, 0.8), eddy_fd(g1, 0.8));
  auto h = [](double x, double a) { return a * x * x; };
  eddy_check("derivative.rest_fixed", eddy::derivative(h, 3.0, 5.0), 30.0);

  // jvp: value and tangent along eddy::dual directions.
  auto f = [](double x, double y) { return std::sin(x * y) + x * x / y; };
  auto [v, t] = eddy::jvp(f, eddy::dual(1.0, 0.5), eddy::dual(2.0, -1.0));
  auto gr = eddy::gradient(f, 1.0, 2.0);
  eddy_check("jvp.value", v, std::sin(2.0) + 0.5);
  eddy_check("jvp.vs.gradient", t, 0.5 * gr[0] - 1.0 * gr[1]);

  // Containers: the tangent is a container of the same type.
  std::vector<double> xv{0.1, 0.2, 0.3}, dv{1.0, -1.0, 2.0};
  auto sq = [](const std::vector<double> &x) {
    double s = 0;
    for (double e : x)
      s += e * e * e;
    return s;
  };
  double tv = eddy::jvp(sq, eddy::dual(xv, dv)).tangent;
  eddy_check("jvp.vector", tv, 3 * (0.01 * 1.0 - 0.04 + 0.09 * 2.0));

  // A function writing its output: the tangent lands in the output's shadow.
  auto cube = [](const double *x, double *y, int n) {
    for (int i = 0; i < n; ++i)
      y[i] = x[i] * x[i] * x[i];
  };
  double x[3] = {1.0, 2.0, -1.0}, dx[3] = {1.0, 0.5, 2.0}, y[3], dy[3];
  eddy::jvp(cube, eddy::dual(x, dx), eddy::dual(y, dy), 3);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dy[i], 3 * x[i] * x[i] * dx[i], 1e-12, 1e-14, "jvp.output[%d]", i, 0);

  // Batched: three directions of a std::array function at once.
  auto F = [](const std::array<double, 2> &p) {
    return std::array<double, 3>{p[0] * p[1], std::exp(p[0]), p[1] * p[1]};
  };
  std::array<double, 2> p{0.5, -1.5};
  std::array<std::array<double, 2>, 3> dirs{{{1, 0}, {0, 1}, {1, 1}}};
  auto r = eddy::jvp<3>(F, eddy::dual(p, dirs));
  eddy_check("jvp3.value", r.value[1], std::exp(0.5));
  for (int k = 0; k < 3; ++k) {
    auto one = eddy::jvp(F, eddy::dual(p, dirs[k])).tangent;
    for (int i = 0; i < 3; ++i)
      eddy_checkf_tol(r.tangent[k][i], one[i], 0, 0, "jvp3.same_as_single[%d][%d]", k, i);
  }
  eddy_check("jvp3.dir2.comp0", r.tangent[2][0], p[1] + p[0]);
  // Forward columns == reverse rows: d F_i / d p_j both ways.
  for (int i = 0; i < 3; ++i) {
    std::array<double, 3> w{};
    w[i] = 1;
    auto row = eddy::vjp(F, w, p);
    for (int j = 0; j < 2; ++j)
      eddy_checkf_tol(r.tangent[j][i], row[j], 1e-12, 1e-14, "jvp3.vs.vjp[%d][%d]", i, j);
  }
  // Batched scalar duals.
  auto r2 = eddy::jvp<2>(f, eddy::dual(1.0, std::array<double, 2>{1, 0}),
                         eddy::dual(2.0, std::array<double, 2>{0, 1}));
  eddy_check("jvp2.scalar.x", r2.tangent[0], gr[0]);
  eddy_check("jvp2.scalar.y", r2.tangent[1], gr[1]);
  return eddy_summary();
}

// CHECK: OK derivative.analytic
// CHECK: OK jvp.output[2]
// CHECK: OK jvp3.vs.vjp[2][1]
// CHECK: ALL OK

// eddy::batch<N>(f, args...): f for N lanes, through __enzyme_batch.
// eddy::lanes(...) gives each lane its own value, other arguments are shared;
// lambdas (capturing), function objects and free functions; containers and
// structs as arguments; a void callable writing through references; and the
// gradient of a function whose value comes from eddy::batch.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"

#include <array>
#include <cmath>
#include <vector>

struct Vec2 {
  double x, y;
};

static double norm2(const Vec2 &v, double w) { return w * (v.x * v.x + v.y * v.y); }

struct Poly {
  double c0, c1, c2;
  double operator()(double x) const { return c0 + x * (c1 + x * c2); }
};

int main() {
  // A free function: vector structs, a shared weight.
  std::array<double, 3> r =
      eddy::batch<3>(norm2, eddy::lanes(Vec2{1, 2}, Vec2{-3, 0.5}, Vec2{0, 0}), 2.0);
  eddy_check("norm2.0", r[0], 10.0);
  eddy_check("norm2.1", r[1], 2.0 * 9.25);
  eddy_check("norm2.2", r[2], 0.0);

  // A capturing lambda, two vector arguments and a shared container.
  double scale = 0.5;
  std::vector<double> w = {1.0, -2.0, 3.0};
  auto dot = [scale](const std::vector<double> &a, double s, int n) {
    double acc = 0;
    for (int i = 0; i < n; ++i)
      acc += a[i] * std::sin(s * i);
    return scale * acc;
  };
  std::array<double, 2> d = eddy::batch<2>(dot, w, eddy::lanes(0.3, 1.1), eddy::lanes(2, 3));
  double want0 = 0.5 * (1.0 * 0 + -2.0 * std::sin(0.3));
  double want1 = 0.5 * (0 + -2.0 * std::sin(1.1) + 3.0 * std::sin(2.2));
  eddy_check("dot.0", d[0], want0);
  eddy_check("dot.1", d[1], want1);

  // A function object and lanes from a std::array.
  Poly p{1.0, -2.0, 0.5};
  std::array<double, 4> xs = {0.0, 1.0, 2.0, -1.5};
  std::array<double, 4> py = eddy::batch<4>(p, eddy::lanes(xs));
  for (int k = 0; k < 4; ++k)
    eddy_check("poly", py[k], p(xs[k]));

  // float results.
  std::array<float, 2> fl = eddy::batch<2>([](float a) { return a * a; }, eddy::lanes(1.5f, -3.0f));
  eddy_check_tol("float.0", fl[0], 2.25, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("float.1", fl[1], 9.0, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // A void callable writes each lane's result through its own reference.
  double out0 = 0, out1 = 0;
  eddy::batch<2>([](double x, double &out) { out = std::exp(x); }, eddy::lanes(0.0, 1.0),
                 eddy::lanes(std::ref(out0), std::ref(out1)));
  eddy_check("void.0", out0, 1.0);
  eddy_check("void.1", out1, std::exp(1.0));

  // The gradient of a function whose value is a batch: E(a) = sum_k poly_a(x_k).
  auto energy = [&xs](const std::array<double, 3> &c) {
    Poly q{c[0], c[1], c[2]};
    std::array<double, 4> v = eddy::batch<4>(q, eddy::lanes(xs));
    return v[0] * v[0] + v[1] + v[2] + v[3];
  };
  std::array<double, 3> c = {1.0, -2.0, 0.5};
  std::array<double, 3> grad = eddy::gradient(energy, c);
  // dE/dc_j = 2 q(x0) x0^j + x1^j + x2^j + x3^j
  for (int j = 0; j < 3; ++j) {
    double want = 2 * p(xs[0]) * std::pow(xs[0], j);
    for (int k = 1; k < 4; ++k)
      want += std::pow(xs[k], j);
    eddy_check("energy.grad", grad[j], want);
  }
  return eddy_summary();
}
// CHECK: ALL OK

// Plain function names for the entry points of eddy.hpp v2's second half:
// eddy::derivative<N>, eddy::hessian_diagonal and eddy::check_gradient, as
// the README and docs/user-guide.md (section 6) promise for every entry point
// but grad and vjp_split. References: analytic derivatives.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>

static double e2(double x) { return std::exp(2 * x); }
static double q(const std::array<double, 3> &p) {
  return p[0] * p[0] * p[1] + std::sin(p[2]) + p[1] * p[1] * p[1];
}
static double g(double a, const std::array<double, 2> &v) { return a * v[0] * v[0] + std::cos(v[1]); }

int main() {
  const double x = 0.3;
  // d^3/dx^3 exp(2x) = 8 exp(2x).
  eddy_check("derivative<3>(e2)", eddy::derivative<3>(e2, x), 8 * std::exp(2 * x));
  eddy_check("derivative<2>(&e2)", eddy::derivative<2>(&e2, x), 4 * std::exp(2 * x));

  const std::array<double, 3> p = {0.5, -1.2, 0.8};
  std::array<double, 3> d = eddy::hessian_diagonal(q, p);
  eddy_check("hessian_diagonal(q)[0]", d[0], 2 * p[1]);
  eddy_check("hessian_diagonal(q)[1]", d[1], 6 * p[1]);
  eddy_check("hessian_diagonal(q)[2]", d[2], -std::sin(p[2]));

  eddy::gradient_check r = eddy::check_gradient(g, 0.7, std::array<double, 2>{0.4, 1.1});
  eddy_check("check_gradient(g).ok()", r.ok() ? 1.0 : 0.0, 1.0);
  eddy::gradient_check r2 = eddy::check_gradient(eddy::gradient_tolerances{}, g, 0.7,
                                                 std::array<double, 2>{0.4, 1.1});
  eddy_check("check_gradient(tolerances, g).ok()", r2.ok() ? 1.0 : 0.0, 1.0);
  return eddy_summary();
}
// CHECK: ALL OK

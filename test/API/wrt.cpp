// eddy::wrt<I...>: choosing which of f's arguments to differentiate (JAX's
// argnums) for gradient, value_and_gradient, jacobian, hessian and hvp. The
// other plain arguments are held fixed. References: analytic derivatives,
// and the same derivative without eddy::wrt (constants marked by hand, or the
// variable moved first by a lambda).
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

// f(x, y, z) = x^2 y + sin(z) y^3
static double f(double x, double y, double z) { return x * x * y + std::sin(z) * y * y * y; }
// F(a, b) = [a0 b0 b1, a1 + exp(b1)]
static std::array<double, 2> F(const std::array<double, 2> &a, const std::array<double, 2> &b) {
  return {a[0] * b[0] * b[1], a[1] + std::exp(b[1])};
}
// q(s, v, n) = s * sum_i v_i^2 * (i + 1) + v0 v1, n an integer count
static double q(double s, const std::vector<double> &v, int n) {
  double r = v[0] * v[1];
  for (int i = 0; i < n; ++i)
    r += s * v[i] * v[i] * (i + 1);
  return r;
}

int main() {
  const double x = 0.7, y = 1.3, z = 0.4;
  // gradient: one index, several, all; results in argument order.
  eddy_check("gradient.0", eddy::gradient(eddy::wrt<0>, f, x, y, z), 2 * x * y);
  auto g02 = eddy::gradient(eddy::wrt<0, 2>, f, x, y, z);
  eddy_check("gradient.02.x", g02[0], 2 * x * y);
  eddy_check("gradient.02.z", g02[1], std::cos(z) * y * y * y);
  auto g12 = eddy::gradient(eddy::wrt<1, 2>, [](double a, double b, double c) { return f(a, b, c); },
                            x, y, z);
  eddy_check("gradient.12.y", g12[0], x * x + 3 * std::sin(z) * y * y);
  auto all = eddy::gradient(f, x, y, z);
  auto all3 = eddy::gradient(eddy::wrt<0, 1, 2>, f, x, y, z);
  eddy_check("gradient.012.y", all3[1], all[1]);
  // The same as marking the others constant by hand.
  auto hand = eddy::gradient(f, eddy::constant(x), y, eddy::constant(z));
  eddy_check("gradient.1.vs_constant", eddy::gradient(eddy::wrt<1>, f, x, y, z), hand);
  auto [v, vg] = eddy::value_and_gradient(eddy::wrt<2>, f, x, y, z);
  eddy_check("value_and_gradient.value", v, f(x, y, z));
  eddy_check("value_and_gradient.z", vg, std::cos(z) * y * y * y);
  // A container argument selected, an integer and a scalar left fixed.
  std::vector<double> vv{0.5, -1.5, 2.0};
  std::vector<double> gv = eddy::gradient(eddy::wrt<1>, q, 2.0, vv, 3);
  eddy_check("gradient.vector.0", gv[0], 2.0 * 2 * 0.5 * 1 + vv[1]);
  eddy_check("gradient.vector.1", gv[1], 2.0 * 2 * -1.5 * 2 + vv[0]);
  eddy_check("gradient.vector.2", gv[2], 2.0 * 2 * 2.0 * 3);
  // An eddy::dual argument keeps its meaning.
  double ds = 0.0;
  std::vector<double> gv2 = eddy::gradient(eddy::wrt<0, 1>, q, eddy::dual(2.0, ds), vv, 3);
  eddy_check("gradient.dual.s", ds, 0.25 + 2.25 * 2 + 4.0 * 3);
  eddy_check("gradient.dual.v2", gv2[2], 2.0 * 2 * 2.0 * 3);

  // jacobian with respect to the second argument, forward and reverse.
  std::array<double, 2> a{2.0, 3.0}, b{0.5, -0.25};
  auto Jb = eddy::jacobian(eddy::wrt<1>, F, a, b);
  auto Jbr = eddy::jacobian(eddy::reverse, eddy::wrt<1>, F, a, b);
  eddy_check("jacobian.b.00", Jb[0][0], a[0] * b[1]);
  eddy_check("jacobian.b.01", Jb[0][1], a[0] * b[0]);
  eddy_check("jacobian.b.10", Jb[1][0], 0.0);
  eddy_check("jacobian.b.11", Jb[1][1], std::exp(b[1]));
  eddy_check("jacobian.b.reverse.01", Jbr[0][1], a[0] * b[0]);
  // Both: a tuple of Jacobians.
  auto [Ja, Jb2] = eddy::jacobian(eddy::wrt<0, 1>, F, a, b);
  eddy_check("jacobian.ab.a00", Ja[0][0], b[0] * b[1]);
  eddy_check("jacobian.ab.a11", Ja[1][1], 1.0);
  eddy_check("jacobian.ab.b11", Jb2[1][1], std::exp(b[1]));
  // A scalar argument in the middle.
  auto Jy = eddy::jacobian(eddy::wrt<1>, [](double p, double s, double r) {
    return std::array<double, 2>{p * s * s, r * s};
  }, 2.0, 3.0, 5.0);
  eddy_check("jacobian.scalar.0", Jy[0][0], 2 * 2.0 * 3.0);
  eddy_check("jacobian.scalar.1", Jy[1][0], 5.0);

  // hessian and hvp with respect to y: d2f/dy2 = 6 sin(z) y.
  eddy_check("hessian.y", eddy::hessian(eddy::wrt<1>, f, x, y, z), 6 * std::sin(z) * y);
  eddy_check("hessian.z", eddy::hessian(eddy::wrt<2>, f, x, y, z), -std::sin(z) * y * y * y);
  auto Hv = eddy::hessian(eddy::wrt<1>, q, 2.0, vv, 3);
  eddy_check("hessian.vector.00", Hv[0][0], 2.0 * 2);
  eddy_check("hessian.vector.01", Hv[0][1], 1.0);
  eddy_check("hessian.vector.22", Hv[2][2], 2.0 * 2 * 3);
  std::vector<double> dir{1.0, 1.0, 0.0};
  std::vector<double> hv = eddy::hvp(eddy::wrt<1>, q, dir, 2.0, vv, 3);
  eddy_check("hvp.vector.0", hv[0], 2.0 * 2 + 1.0);
  eddy_check("hvp.vector.1", hv[1], 1.0 + 2.0 * 4);
  eddy_check("hvp.vector.2", hv[2], 0.0);
  eddy_check("hvp.scalar", eddy::hvp(eddy::wrt<1>, f, 2.0, x, y, z), 2 * 6 * std::sin(z) * y);
  return eddy_summary();
}

// CHECK: OK gradient.0
// CHECK: OK gradient.dual.v2
// CHECK: OK jacobian.scalar.1
// CHECK: OK hvp.scalar
// CHECK: ALL OK

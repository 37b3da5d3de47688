// A plain function name where eddy.hpp expects a callable: `eddy::gradient(f,
// x)`. The plugin rewrites each such call as `eddy::gradient(eddy::fn<f>, x)`
// (lib/Frontend/CallableNames.cpp), at every -O level. Covered: every entry
// point that takes a name, `&f`, a qualified name, a static member, a member
// function pointer, a function template specialization, an overload chosen
// with a cast, a constexpr function pointer, and calls inside lambdas,
// generic lambdas, templates, class members and nested entry points.
// References: analytic derivatives.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

static double f(double x, double y) { return std::sin(x) * y * y; }
double cube(double x) { return x * x * x; }
std::array<double, 2> F(const std::array<double, 2> &p) {
  return {p[0] * p[1], std::exp(p[0]) + p[1]};
}
double quad(const std::array<double, 2> &p) { return p[0] * p[0] * p[1] + 3 * p[1]; }
void square_into(const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] = x[i] * x[i];
}
namespace ns {
double twice(double x) { return 2 * x * x; }
} // namespace ns
struct Spring {
  double k;
  double energy(double x) const { return 0.5 * k * x * x; }
  static double stat(double x) { return std::log(x); }
};
template <class T> T poly(T x) { return T(3) * x * x - x; }
double over(double x) { return x * x; }
float over(float x) { return x; }
constexpr double (*const cube_ptr)(double) = &cube;

template <class T> T in_template(T x) { return eddy::derivative(cube, x); }
struct Model {
  double at(double x) const { return eddy::gradient(ns::twice, x); }
};

int main() {
  auto g = eddy::gradient(f, 0.5, 2.0);
  eddy_check("gradient.dx", g[0], std::cos(0.5) * 4.0);
  eddy_check("gradient.dy", g[1], std::sin(0.5) * 4.0);
  auto [v, vg] = eddy::value_and_gradient(f, 0.5, 2.0);
  eddy_check("value_and_gradient.value", v, std::sin(0.5) * 4.0);
  eddy_check("value_and_gradient.dy", vg[1], std::sin(0.5) * 4.0);
  eddy_check("gradient.addr", eddy::gradient(&cube, 2.0), 12.0);
  eddy_check("gradient.parens", eddy::gradient((cube), 2.0), 12.0);
  eddy_check("derivative", eddy::derivative(f, 0.5, 2.0), std::cos(0.5) * 4.0);
  auto t = eddy::jvp(f, eddy::dual(0.5, 1.0), eddy::dual(2.0, 1.0));
  eddy_check("jvp", t.tangent, std::cos(0.5) * 4.0 + std::sin(0.5) * 4.0);
  std::array<std::array<double, 2>, 2> dirs{{{1, 0}, {0, 1}}};
  auto t2 = eddy::jvp<2>(F, eddy::dual(std::array<double, 2>{1.0, 3.0}, dirs));
  eddy_check("jvp2.col0.row1", t2.tangent[0][1], std::exp(1.0));
  eddy_check("jvp2.col1.row0", t2.tangent[1][0], 1.0);
  auto [ga, gb] = eddy::vjp(f, 1.0, 0.5, 2.0);
  eddy_check("vjp.a", ga, std::cos(0.5) * 4.0);
  eddy_check("vjp.b", gb, std::sin(0.5) * 4.0);
  std::array<std::array<double, 2>, 2> ws{{{1, 0}, {0, 1}}};
  auto rows = eddy::vjp<2>(F, ws, std::array<double, 2>{1.0, 3.0});
  eddy_check("vjp2.row1.col0", rows[1][0], std::exp(1.0));
  double x[2] = {1.5, -2.0}, y[2], ybar[2] = {1.0, 10.0};
  std::vector<double> gx =
      eddy::vjp(square_into, eddy::ptr(x, 2), eddy::output(eddy::ptr(y, 2), ybar), 2);
  eddy_check("vjp.void.0", gx[0], 3.0);
  eddy_check("vjp.void.1", gx[1], -40.0);

  std::array<double, 2> p{1.0, 3.0};
  auto J = eddy::jacobian(F, p);
  auto Jr = eddy::jacobian(eddy::reverse, F, p);
  auto Jf = eddy::jacobian(eddy::forward, F, p);
  eddy_check("jacobian.00", J[0][0], 3.0);
  eddy_check("jacobian.10", J[1][0], std::exp(1.0));
  eddy_check("jacobian.reverse.01", Jr[0][1], 1.0);
  eddy_check("jacobian.forward.11", Jf[1][1], 1.0);
  auto H = eddy::hessian(quad, p);
  eddy_check("hessian.00", H[0][0], 6.0);
  eddy_check("hessian.01", H[0][1], 2.0);
  eddy_check("hessian.11", H[1][1], 0.0);
  auto hv = eddy::hvp(quad, p, std::array<double, 2>{1.0, 1.0});
  eddy_check("hvp.0", hv[0], 8.0);
  eddy_check("hvp.1", hv[1], 2.0);
  eddy_check("hessian.scalar", eddy::hessian(cube, 2.0), 12.0);

  // Names of every kind.
  eddy_check("qualified", eddy::gradient(ns::twice, 3.0), 12.0);
  eddy_check("static_member", eddy::gradient(Spring::stat, 4.0), 0.25);
  eddy_check("static_member.addr", eddy::derivative(&Spring::stat, 4.0), 0.25);
  Spring s{10.0};
  eddy_check("member", eddy::gradient(&Spring::energy, eddy::constant(s), 1.5), 15.0);
  eddy_check("template", eddy::gradient(poly<double>, 2.0), 11.0);
  eddy_check("template.addr", eddy::derivative(&poly<double>, 2.0), 11.0);
  eddy_check("overload.cast", eddy::gradient(static_cast<double (*)(double)>(over), 3.0), 6.0);
  eddy_check("constexpr_pointer", eddy::gradient(cube_ptr, 2.0), 12.0);

  // Calls in lambdas, templates, members and nested entry points.
  auto in_lambda = [](double z) { return eddy::gradient(cube, z); };
  eddy_check("in_lambda", in_lambda(2.0), 12.0);
  auto in_generic = [](auto z) { return eddy::derivative(cube, z); };
  eddy_check("in_generic_lambda", in_generic(2.0), 12.0);
  eddy_check("in_template", in_template(2.0), 12.0);
  eddy_check("in_member", Model{}.at(3.0), 12.0);
  // d/dz of d cube/dz = 6z, forward over forward and forward over reverse.
  eddy_check("nested.fwd_fwd",
             eddy::derivative([](double z) { return eddy::derivative(cube, z); }, 2.0), 12.0);
  eddy_check("nested.fwd_rev",
             eddy::derivative([](double z) { return eddy::gradient(cube, z); }, 2.0), 12.0);
  return eddy_summary();
}

// CHECK: OK gradient.dx
// CHECK: OK hessian.scalar
// CHECK: OK constexpr_pointer
// CHECK: OK nested.fwd_rev
// CHECK: ALL OK

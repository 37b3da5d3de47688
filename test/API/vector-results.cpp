// Functions returning std::vector<T> for eddy::jvp, jvp<N>, vjp, vjp<N> and
// eddy::jacobian (forward, reverse and automatic; with eddy::wrt): the
// result's length is known only once f has run, so f runs once more first.
// References: analytic derivatives, central finite differences, and the
// other mode.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

// y = [s x0^2, s x1^2, ..., sin(x0)]: n + 1 outputs, built by push_back.
static std::vector<double> F(const std::vector<double> &x, double s) {
  std::vector<double> y;
  for (std::size_t i = 0; i < x.size(); ++i)
    y.push_back(s * x[i] * x[i]);
  y.push_back(std::sin(x[0]));
  return y;
}
// Fewer outputs than inputs: reverse mode by the inputs/outputs rule.
static std::vector<double> G(const std::array<double, 3> &p) {
  return {p[0] * p[1] * p[2], std::exp(p[0]) - p[2]};
}
static std::vector<float> Ff(float a, float b) { return {a * b, a / b, a}; }

int main() {
  std::vector<double> x{1.0, 2.0};
  const double s = 3.0;
  // jvp along (1, 0), and two directions at once.
  auto r = eddy::jvp(F, eddy::dual(x, std::vector<double>{1.0, 0.0}), s);
  eddy_check("jvp.value.1", r.value[1], 12.0);
  eddy_check("jvp.size", double(r.tangent.size()), 3.0);
  eddy_check("jvp.t0", r.tangent[0], 2 * s * x[0]);
  eddy_check("jvp.t1", r.tangent[1], 0.0);
  eddy_check("jvp.t2", r.tangent[2], std::cos(x[0]));
  std::array<std::vector<double>, 2> dirs{std::vector<double>{1.0, 0.0},
                                          std::vector<double>{0.0, 1.0}};
  auto r2 = eddy::jvp<2>(F, eddy::dual(x, dirs), s);
  eddy_check("jvp2.t1.1", r2.tangent[1][1], 2 * s * x[1]);
  eddy_check("jvp2.t0.2", r2.tangent[0][2], std::cos(x[0]));
  // A scalar input's tangent, against central finite differences.
  auto ds = eddy::jvp(F, x, eddy::dual(s, 1.0)).tangent;
  const double h = 1e-6;
  for (std::size_t i = 0; i < 3; ++i) {
    double fd = (F(x, s + h)[i] - F(x, s - h)[i]) / (2 * h);
    eddy_check_tol("jvp.s.fd", ds[i], fd, EDDY_RTOL_FD, EDDY_ATOL_FD);
  }

  // vjp with a std::vector cotangent; several at once.
  auto [gx, gs] = eddy::vjp(F, std::vector<double>{1.0, 1.0, 1.0}, x, s);
  eddy_check("vjp.x0", gx[0], 2 * s * x[0] + std::cos(x[0]));
  eddy_check("vjp.x1", gx[1], 2 * s * x[1]);
  eddy_check("vjp.s", gs, x[0] * x[0] + x[1] * x[1]);
  std::array<std::vector<double>, 2> ws{std::vector<double>{1, 0, 0}, std::vector<double>{0, 0, 1}};
  auto rows = eddy::vjp<2>(F, ws, x, eddy::constant(s));
  eddy_check("vjp2.row0.x0", rows[0][0], 2 * s * x[0]);
  eddy_check("vjp2.row2.x0", rows[1][0], std::cos(x[0]));

  // Jacobians: forward (n <= m), reverse, automatic reverse, selected.
  auto J = eddy::jacobian(F, x, s);
  auto Jr = eddy::jacobian(eddy::reverse, F, x, s);
  eddy_check("jacobian.rows", double(J.size()), 3.0);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 2; ++j)
      eddy_check("jacobian.fwd_vs_rev", J[i][j], Jr[i][j]);
  eddy_check("jacobian.00", J[0][0], 2 * s * x[0]);
  eddy_check("jacobian.20", J[2][0], std::cos(x[0]));
  std::array<double, 3> p{0.5, 2.0, -1.0};
  static_assert(eddy::jacobian_mode(3, 2) == eddy::mode::reverse, "");
  auto JG = eddy::jacobian(G, p);
  eddy_check("jacobian.G.02", JG[0][2], p[0] * p[1]);
  eddy_check("jacobian.G.10", JG[1][0], std::exp(p[0]));
  eddy_check("jacobian.G.12", JG[1][2], -1.0);
  auto Js = eddy::jacobian(eddy::wrt<1>, F, x, s);
  eddy_check("jacobian.wrt.s.1", Js[1][0], x[1] * x[1]);

  // float results.
  auto rf = eddy::jvp(Ff, eddy::dual(2.0f, 1.0f), 4.0f);
  eddy_check_tol("float.jvp.0", rf.tangent[0], 4.0, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("float.jvp.1", rf.tangent[1], 0.25, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  auto [ga, gb] = eddy::vjp(Ff, std::vector<float>{1, 1, 1}, 2.0f, 4.0f);
  eddy_check_tol("float.vjp.b", gb, 2.0 - 2.0 / 16, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  (void)ga;
  return eddy_summary();
}

// CHECK: OK jvp.value.1
// CHECK: OK vjp.s
// CHECK: OK jacobian.wrt.s.1
// CHECK: OK float.vjp.b
// CHECK: ALL OK

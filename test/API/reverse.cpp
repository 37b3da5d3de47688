// eddy::gradient, value_and_gradient and vjp: scalars, std::array,
// std::vector, eddy::ptr, integers and eddy::constant held fixed, eddy::dual
// shadows, eddy::output seeds; against analytic derivatives, central finite
// differences and forward mode (eddy::jvp); eddy::vjp<N> (N cotangents in one
// vector reverse sweep) lane by lane against eddy::vjp.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

static double f2(double x, double y) { return std::sin(x * y) + x * x / y; }

int main() {
  // Scalars: a std::array of adjoints.
  auto f = [](double x, double y) { return f2(x, y); };
  auto g = eddy::gradient(f, 1.0, 2.0);
  eddy_check("grad.scalar.x", g[0], std::cos(2.0) * 2.0 + 2.0 * 1.0 / 2.0);
  eddy_check("grad.scalar.y", g[1], std::cos(2.0) * 1.0 - 1.0 / 4.0);
  {
    double h = eddy_fd_step(1.0);
    eddy_check_fd("grad.scalar.fd", g[0], (f2(1.0 + h, 2.0) - f2(1.0 - h, 2.0)) / (2 * h));
  }
  // value_and_gradient; an integer and an eddy::constant held fixed: one
  // active argument gives its adjoint itself.
  auto p = [](double x, int n, double c) { return c * std::pow(x, n); };
  auto vg = eddy::value_and_gradient(p, 1.5, 3, eddy::constant(2.0));
  eddy_check("vgrad.value", vg.value, 2.0 * 1.5 * 1.5 * 1.5);
  eddy_check("vgrad.grad", vg.gradient, 2.0 * 3 * 1.5 * 1.5);

  // Mixed float and double: a std::tuple.
  auto mixed = [](float a, double b) { return a * b * b; };
  auto [ga, gb] = eddy::gradient(mixed, 2.0f, 3.0);
  eddy_check_tol("grad.mixed.float", ga, 9.0, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check("grad.mixed.double", gb, 12.0);

  // Containers: adjoints of the same type.
  std::array<double, 3> xa{0.3, -0.7, 1.1};
  auto norm2 = [](const std::array<double, 3> &x) { return x[0] * x[0] + x[1] * x[1] * x[2]; };
  std::array<double, 3> ga3 = eddy::gradient(norm2, xa);
  eddy_check("grad.array[0]", ga3[0], 2 * xa[0]);
  eddy_check("grad.array[1]", ga3[1], 2 * xa[1] * xa[2]);
  eddy_check("grad.array[2]", ga3[2], xa[1] * xa[1]);

  std::vector<double> xv{0.5, 1.5, -0.25, 2.0};
  auto sumexp = [](const std::vector<double> &x, double s) {
    double r = 0;
    for (double v : x)
      r += std::exp(s * v);
    return r;
  };
  auto [gv, gs] = eddy::gradient(sumexp, xv, 0.5);
  double gs_ref = 0;
  for (std::size_t i = 0; i < xv.size(); ++i) {
    eddy_checkf_tol(gv[i], 0.5 * std::exp(0.5 * xv[i]), 1e-12, 1e-14, "grad.vector[%d]", (int)i, 0);
    gs_ref += xv[i] * std::exp(0.5 * xv[i]);
  }
  eddy_check("grad.vector.s", gs, gs_ref);

  // eddy::ptr: a raw array and its length; the adjoint is a std::vector.
  double raw[3] = {1.0, 2.0, 3.0};
  auto prod = [](const double *x, int n) {
    double r = 1;
    for (int i = 0; i < n; ++i)
      r *= x[i];
    return r;
  };
  std::vector<double> gp = eddy::gradient(prod, eddy::ptr(raw, 3), 3);
  eddy_check("grad.ptr[0]", gp[0], 6.0);
  eddy_check("grad.ptr[1]", gp[1], 3.0);
  eddy_check("grad.ptr[2]", gp[2], 2.0);

  // eddy::dual in reverse mode: adjoints are ADDED into the caller's shadow.
  std::array<double, 3> acc{1.0, 1.0, 1.0};
  eddy::gradient(norm2, eddy::dual(xa, acc));
  eddy_check("grad.dual.adds", acc[0], 1.0 + 2 * xa[0]);

  // vjp with a cotangent of f's std::array result, against forward columns.
  auto vecf = [](double a, double b) { return std::array<double, 2>{a * b, std::sin(a) + b}; };
  std::array<double, 2> w{0.5, -2.0};
  auto vj = eddy::vjp(vecf, w, 0.4, 1.7);
  auto ca = eddy::jvp(vecf, eddy::dual(0.4, 1.0), 1.7).tangent;
  auto cb = eddy::jvp(vecf, 0.4, eddy::dual(1.7, 1.0)).tangent;
  eddy_check("vjp.a.vs.jvp", vj[0], w[0] * ca[0] + w[1] * ca[1]);
  eddy_check("vjp.b.vs.jvp", vj[1], w[0] * cb[0] + w[1] * cb[1]);
  eddy_check("vjp.a", vj[0], w[0] * 1.7 + w[1] * std::cos(0.4));

  // vjp of a function writing an output array: seed it with eddy::output.
  auto square_all = [](const double *x, double *y, int n) {
    for (int i = 0; i < n; ++i)
      y[i] = x[i] * x[i] * x[i];
  };
  double xs[3] = {1.0, -2.0, 0.5}, ys[3] = {0, 0, 0};
  std::vector<double> ybar{1.0, 0.5, -1.0};
  std::vector<double> gx = eddy::vjp(square_all, eddy::ptr(xs, 3), eddy::output(eddy::ptr(ys, 3), ybar), 3);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(gx[i], ybar[i] * 3 * xs[i] * xs[i], 1e-12, 1e-14, "vjp.output[%d]", i, 0);
  eddy_check("vjp.output.primal", ys[1], -8.0);
  eddy_check("vjp.output.seed_untouched", ybar[2], -1.0);

  // vjp<N>: N cotangents in one vector reverse sweep, each lane against the
  // single-cotangent vjp and the analytic VJP; a void f with N output seeds.
  {
    auto F = [](double a, const std::array<double, 2> &b) {
      return std::array<double, 3>{a * b[0], a + b[1], std::sin(b[0] * b[1])};
    };
    const std::array<double, 2> b{0.4, 0.7};
    const double a = 3.0;
    std::array<std::array<double, 3>, 3> ws{{{1, 0, 0}, {0.5, 2, -1}, {0, 0, 1}}};
    auto lanes = eddy::vjp<3>(F, ws, a, b);
    for (int k = 0; k < 3; ++k) {
      auto one = eddy::vjp(F, ws[k], a, b);
      const auto &w = ws[k];
      double c = std::cos(b[0] * b[1]);
      double want[3] = {w[0] * b[0] + w[1], w[0] * a + w[2] * c * b[1], w[1] + w[2] * c * b[0]};
      double got[3] = {std::get<0>(lanes[k]), std::get<1>(lanes[k])[0], std::get<1>(lanes[k])[1]};
      double ref[3] = {std::get<0>(one), std::get<1>(one)[0], std::get<1>(one)[1]};
      for (int j = 0; j < 3; ++j) {
        eddy_checkf_tol(got[j], want[j], 1e-12, 1e-14, "vjp_lanes[%d][%d]", k, j);
        eddy_checkf_tol(got[j], ref[j], 1e-12, 1e-14, "vjp_lanes_vs_vjp[%d][%d]", k, j);
      }
    }
    auto sq = [](const double *x, double *y, int n) {
      for (int i = 0; i < n; ++i)
        y[i] = x[i] * x[i] * (i + 1);
    };
    double x[2] = {1.5, -2}, y[2];
    std::array<std::vector<double>, 2> seeds{std::vector<double>{1, 0}, std::vector<double>{0.5, 1}};
    auto rows = eddy::vjp<2>(sq, eddy::ptr(x, 2), eddy::output(eddy::ptr(y, 2), seeds), 2);
    for (int k = 0; k < 2; ++k)
      for (int j = 0; j < 2; ++j)
        eddy_checkf_tol(rows[k][j], seeds[k][j] * 2 * x[j] * (j + 1), 1e-12, 1e-14,
                        "vjp_lanes.output[%d][%d]", k, j);
    eddy_check("vjp_lanes.seeds_kept", seeds[1][0], 0.5);
  }
  return eddy_summary();
}

// CHECK: OK grad.scalar.x
// CHECK: OK grad.vector.s
// CHECK: OK grad.ptr[2]
// CHECK: OK vjp.output[2]
// CHECK: OK vjp_lanes_vs_vjp[2][2]
// CHECK: OK vjp_lanes.output[1][1]
// CHECK: ALL OK

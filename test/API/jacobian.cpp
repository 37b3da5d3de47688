// eddy::jacobian: the mode choice (forward when inputs <= outputs, reverse
// otherwise; eddy::jacobian_mode / jacobian_mode_of say which), the eddy::forward
// and eddy::reverse overrides (forward columns == reverse rows), std::array,
// std::vector, eddy::ptr inputs and an eddy::output(y) output; columns and
// rows in vector sweeps (chunks of 8, 4, 2, 1); against the analytic
// Jacobian and central finite differences.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

// The seeds' example: f(x) = [sin(x1 x2), x1^2 + x2], 2 inputs, 2 outputs.
static std::array<double, 2> seed_f(const std::array<double, 2> &x) {
  return {std::sin(x[0] * x[1]), x[0] * x[0] + x[1]};
}
// 2 inputs, 3 outputs (a tall Jacobian: forward); 4 inputs, 1 output (reverse).
static std::array<double, 3> tall(const std::array<double, 2> &x) {
  return {x[0] * x[1], std::exp(x[0]), x[1] * x[1] * x[1]};
}
static std::array<double, 1> wide(const std::array<double, 4> &x) {
  return {x[0] * x[1] + x[2] * x[3] * x[3]};
}

// n = 15 inputs (a std::vector: size known at run time), 16 outputs: forward
// mode in vector sweeps of 8, 4, 2 and 1 columns.
static std::array<double, 16> mix(const std::vector<double> &x) {
  std::array<double, 16> y{};
  for (std::size_t i = 0; i < 16; ++i)
    for (std::size_t j = 0; j < x.size(); ++j)
      y[i] += std::sin(0.1 * (i + 1) * x[j]) * (j + 1);
  return y;
}

int main() {
  auto sf = eddy::fn<seed_f>;
  auto tf = eddy::fn<tall>;
  auto wf = eddy::fn<wide>;
  // The decision, at compile time.
  static_assert(eddy::jacobian_mode(2, 3) == eddy::mode::forward, "");
  static_assert(eddy::jacobian_mode(4, 1) == eddy::mode::reverse, "");
  static_assert(eddy::jacobian_mode(2, 2) == eddy::mode::forward, "ties go forward");
  static_assert(eddy::jacobian_mode_of<decltype(tf), std::array<double, 2>>() == eddy::mode::forward, "");
  static_assert(eddy::jacobian_mode_of<decltype(wf), std::array<double, 4>>() == eddy::mode::reverse, "");
  eddy_check_eq("mode.tall.forward", (long)eddy::jacobian_mode_of<decltype(tf), std::array<double, 2>>(), (long)eddy::mode::forward);

  std::array<double, 2> x{0.7, -1.3};
  auto J = eddy::jacobian(sf, x);
  double ref[2][2] = {{std::cos(x[0] * x[1]) * x[1], std::cos(x[0] * x[1]) * x[0]}, {2 * x[0], 1.0}};
  auto Jf = eddy::jacobian(eddy::forward, sf, x);
  auto Jr = eddy::jacobian(eddy::reverse, sf, x);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      eddy_checkf_tol(J[i][j], ref[i][j], 1e-12, 1e-14, "seed.J[%d][%d]", i, j);
      eddy_checkf_tol(Jf[i][j], Jr[i][j], 1e-12, 1e-14, "seed.fwd_col_eq_rev_row[%d][%d]", i, j);
      std::array<double, 2> xp = x, xm = x;
      double h = eddy_fd_step(x[j]);
      xp[j] += h;
      xm[j] -= h;
      eddy_checkf_tol(J[i][j], (seed_f(xp)[i] - seed_f(xm)[i]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD, "seed.fd[%d][%d]", i, j);
    }

  auto Jt = eddy::jacobian(tf, x);  // std::array<std::array<double, 2>, 3>
  auto Jtr = eddy::jacobian(eddy::reverse, tf, x);
  static_assert(std::tuple_size<decltype(Jt)>::value == 3, "3 rows");
  eddy_check("tall.J[1][0]", Jt[1][0], std::exp(x[0]));
  eddy_check("tall.J[2][1]", Jt[2][1], 3 * x[1] * x[1]);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 2; ++j)
      eddy_checkf_tol(Jt[i][j], Jtr[i][j], 1e-12, 1e-14, "tall.fwd_eq_rev[%d][%d]", i, j);

  std::array<double, 4> x4{1.0, 2.0, 3.0, -0.5};
  auto Jw = eddy::jacobian(wf, x4);
  auto Jwf = eddy::jacobian(eddy::forward, wf, x4);
  double wref[4] = {2.0, 1.0, 0.25, 2 * 3.0 * -0.5};
  for (int j = 0; j < 4; ++j) {
    eddy_checkf_tol(Jw[0][j], wref[j], 1e-12, 1e-14, "wide.J[0][%d]", j, 0);
    eddy_checkf_tol(Jwf[0][j], Jw[0][j], 1e-12, 1e-14, "wide.fwd_eq_rev[%d]", j, 0);
  }

  // Sizes known at run time: std::vector input, an eddy::output(y) array.
  auto stencil = [](const std::vector<double> &u, double *y, int n) {
    for (int i = 0; i < n; ++i)
      y[i] = u[i] * u[i + 1] - std::sin(u[i]);
  };
  std::vector<double> u{0.1, 0.4, -0.3, 0.9};
  double y[3];
  auto Js = eddy::jacobian(stencil, u, eddy::output(eddy::ptr(y, 3)), 3); // 4 > 3: reverse
  auto Jsf = eddy::jacobian(eddy::forward, stencil, u, eddy::output(eddy::ptr(y, 3)), 3);
  eddy_check_eq("stencil.rows", (long)Js.size(), 3);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) {
      double r = j == i ? u[i + 1] - std::cos(u[i]) : j == i + 1 ? u[i] : 0.0;
      eddy_checkf_tol(Js[i][j], r, 1e-12, 1e-14, "stencil.J[%d][%d]", i, j);
      eddy_checkf_tol(Jsf[i][j], r, 1e-12, 1e-14, "stencil.fwd[%d][%d]", i, j);
    }

  std::vector<double> xm(15);
  for (std::size_t j = 0; j < xm.size(); ++j)
    xm[j] = 0.3 * j - 2.0;
  auto Jm = eddy::jacobian(eddy::fn<mix>, xm); // 15 <= 16: forward, vector sweeps
  auto Jmr = eddy::jacobian(eddy::reverse, eddy::fn<mix>, xm);
  eddy_check_eq("mix.shape", (long)(Jm.size() * 100 + Jm[0].size()), 1615);
  for (int i = 0; i < 16; ++i)
    for (int j = 0; j < 15; ++j) {
      double c = 0.1 * (i + 1);
      eddy_checkf_tol(Jm[i][j], c * std::cos(c * xm[j]) * (j + 1), 1e-12, 1e-14,
                      "mix.J[%d][%d]", i, j);
      eddy_checkf_tol(Jm[i][j], Jmr[i][j], 1e-12, 1e-14, "mix.fwd_eq_rev[%d][%d]", i, j);
    }

  // m = 15 outputs known at run time, reverse mode forced: vector reverse
  // sweeps of 8, 4, 2 and 1 rows, against forward columns and analytic.
  auto fan = [](const std::vector<double> &v, double *out, int m) {
    for (int i = 0; i < m; ++i)
      out[i] = std::exp(0.1 * i * v[0]) * v[1] + v[2] * v[2] * i;
  };
  std::vector<double> v{0.3, -1.1, 0.7};
  double out[15];
  auto Jfr = eddy::jacobian(eddy::reverse, fan, v, eddy::output(eddy::ptr(out, 15)), 15);
  auto Jff = eddy::jacobian(eddy::forward, fan, v, eddy::output(eddy::ptr(out, 15)), 15);
  eddy_check_eq("fan.shape", (long)(Jfr.size() * 100 + Jfr[0].size()), 1503);
  for (int i = 0; i < 15; ++i) {
    double e = std::exp(0.1 * i * v[0]);
    double r[3] = {0.1 * i * e * v[1], e, 2 * v[2] * i};
    for (int j = 0; j < 3; ++j) {
      eddy_checkf_tol(Jfr[i][j], r[j], 1e-12, 1e-14, "fan.rev[%d][%d]", i, j);
      eddy_checkf_tol(Jfr[i][j], Jff[i][j], 1e-12, 1e-14, "fan.rev_eq_fwd[%d][%d]", i, j);
    }
  }
  return eddy_summary();
}

// CHECK: OK mode.tall.forward
// CHECK: OK seed.fd[1][1]
// CHECK: OK wide.fwd_eq_rev[3]
// CHECK: OK stencil.fwd[2][3]
// CHECK: OK mix.fwd_eq_rev[15][14]
// CHECK: OK fan.rev_eq_fwd[14][2]
// CHECK: ALL OK

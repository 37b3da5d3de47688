// eddy::hvp and eddy::hessian by forward over reverse, against a hand-written
// Hessian (that of test/Exec/hessian-vector.c), its symmetry and central
// differences of eddy::gradient; scalar, std::array, std::vector, eddy::ptr.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

constexpr int N = 4;
template <class V> double f(const V &x) {
  double s = 0;
  for (int i = 0; i + 1 < N; ++i)
    s += std::exp(x[i] * x[i + 1]);
  return s + x[0] * x[0] * x[2] * x[2];
}

static void hessian_ref(const double *x, double H[N][N]) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      H[i][j] = 0;
  for (int i = 0; i + 1 < N; ++i) {
    double e = std::exp(x[i] * x[i + 1]), a = x[i], b = x[i + 1];
    H[i][i] += b * b * e;
    H[i + 1][i + 1] += a * a * e;
    H[i][i + 1] += e + a * b * e;
    H[i + 1][i] += e + a * b * e;
  }
  H[0][0] += 2 * x[2] * x[2];
  H[2][2] += 2 * x[0] * x[0];
  H[0][2] += 4 * x[0] * x[2];
  H[2][0] += 4 * x[0] * x[2];
}

int main() {
  std::array<double, N> x{0.3, -0.6, 0.9, 0.4};
  double H[N][N];
  hessian_ref(x.data(), H);
  auto fa = [](const std::array<double, N> &v) { return f(v); };

  auto Ha = eddy::hessian(fa, x); // std::array<std::array<double, 4>, 4>
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      eddy_checkf_tol(Ha[i][j], H[i][j], 1e-12, 1e-14, "hessian.array[%d][%d]", i, j);
      eddy_checkf_tol(Ha[i][j], Ha[j][i], 1e-12, 1e-14, "hessian.symmetric[%d][%d]", i, j);
    }
  // Against central differences of the reverse-mode gradient.
  for (int j = 0; j < N; ++j) {
    auto xp = x, xm = x;
    double h = eddy_fd_step(x[j]);
    xp[j] += h;
    xm[j] -= h;
    auto gp = eddy::gradient(fa, xp), gm = eddy::gradient(fa, xm);
    for (int i = 0; i < N; ++i)
      eddy_checkf_tol(Ha[i][j], (gp[i] - gm[i]) / (2 * h), EDDY_RTOL_FD, EDDY_ATOL_FD, "hessian.fd[%d][%d]", i, j);
  }

  // hvp: one forward-over-reverse sweep.
  std::array<double, N> v{0.5, -1.0, 0.25, 2.0};
  auto hv = eddy::hvp(fa, x, v);
  for (int i = 0; i < N; ++i) {
    double r = 0;
    for (int j = 0; j < N; ++j)
      r += H[i][j] * v[j];
    eddy_checkf_tol(hv[i], r, 1e-12, 1e-14, "hvp.array[%d]", i, 0);
  }
  // std::vector and eddy::ptr inputs.
  std::vector<double> xv(x.begin(), x.end());
  auto fv = [](const std::vector<double> &u) { return f(u); };
  std::vector<double> hvv = eddy::hvp(fv, xv, std::vector<double>(v.begin(), v.end()));
  auto fp = [](const double *u) { return f(u); };
  std::vector<double> hvp_ = eddy::hvp(fp, eddy::ptr(x.data(), N), v.data());
  auto Hv = eddy::hessian(fp, eddy::ptr(x.data(), N)); // std::vector of rows
  for (int i = 0; i < N; ++i) {
    eddy_checkf_tol(hvv[i], hv[i], 1e-12, 1e-14, "hvp.vector[%d]", i, 0);
    eddy_checkf_tol(hvp_[i], hv[i], 1e-12, 1e-14, "hvp.ptr[%d]", i, 0);
    eddy_checkf_tol(Hv[i][3 - i], H[i][3 - i], 1e-12, 1e-14, "hessian.ptr[%d][%d]", i, 3 - i);
  }
  // A scalar variable: the second derivative; a fixed parameter after it.
  auto s = [](double t, double a) { return std::sin(a * t) * t; };
  double t = 0.9, a = 1.7;
  eddy_check("hessian.scalar", eddy::hessian(s, t, a),
             -a * a * std::sin(a * t) * t + 2 * a * std::cos(a * t));

  // n = 11 known at run time: columns in vector forward-over-reverse sweeps
  // of 8, 2 and 1. g(u) = sum_i u_i^2 u_(i+1) + exp(0.1 sum_i u_i).
  auto g = [](const std::vector<double> &u) {
    double r = 0, z = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
      z += 0.1 * u[i];
      if (i + 1 < u.size())
        r += u[i] * u[i] * u[i + 1];
    }
    return r + std::exp(z);
  };
  std::vector<double> w(11);
  for (std::size_t i = 0; i < w.size(); ++i)
    w[i] = 0.2 * i - 0.9;
  auto Hg = eddy::hessian(g, w);
  double z = 0;
  for (double wi : w)
    z += 0.1 * wi;
  for (int i = 0; i < 11; ++i)
    for (int j = 0; j < 11; ++j) {
      double r = 0.01 * std::exp(z);
      if (i == j && i + 1 < 11)
        r += 2 * w[i + 1];
      if (j == i + 1)
        r += 2 * w[i];
      if (i == j + 1)
        r += 2 * w[j];
      eddy_checkf_tol(Hg[i][j], r, 1e-12, 1e-14, "hessian.lanes[%d][%d]", i, j);
    }
  return eddy_summary();
}

// CHECK: OK hessian.array[3][3]
// CHECK: OK hessian.fd[3][3]
// CHECK: OK hvp.array[3]
// CHECK: OK hessian.scalar
// CHECK: OK hessian.lanes[10][10]
// CHECK: ALL OK

// eddy::hessian_diagonal: the Hessian's diagonal without the matrix, against
// analytic second derivatives and the diagonal of eddy::hessian, for a
// std::array (all columns in one sweep), a std::vector of 11 (sweeps of 8,
// 2 and 1 columns), an eddy::ptr array, a scalar, and a held-fixed argument.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

// f(x) = sum_i exp(x_i x_{i+1}) + x_0^2 x_2^2 + c sum_i sin(x_i);
// d2f/dx_i^2 = x_{i+1}^2 e_i + x_{i-1}^2 e_{i-1} (+ 2 x_2^2, 2 x_0^2) - c sin x_i.
template <class V> double f(const V &x, int n, double c) {
  double s = 0;
  for (int i = 0; i + 1 < n; ++i)
    s += std::exp(x[i] * x[i + 1]);
  for (int i = 0; i < n; ++i)
    s += c * std::sin(x[i]);
  return s + x[0] * x[0] * x[2] * x[2];
}
static double diag_ref(const double *x, int n, double c, int i) {
  double d = -c * std::sin(x[i]);
  if (i + 1 < n)
    d += x[i + 1] * x[i + 1] * std::exp(x[i] * x[i + 1]);
  if (i > 0)
    d += x[i - 1] * x[i - 1] * std::exp(x[i - 1] * x[i]);
  if (i == 0)
    d += 2 * x[2] * x[2];
  if (i == 2)
    d += 2 * x[0] * x[0];
  return d;
}

int main() {
  const double c = 0.3;

  // std::array<double, 4>: one vector sweep of 4 columns.
  std::array<double, 4> xa{0.3, -0.6, 0.9, 0.4};
  auto fa = [](const std::array<double, 4> &x, double cc) { return f(x, 4, cc); };
  std::array<double, 4> da = eddy::hessian_diagonal(fa, xa, c);
  auto Ha = eddy::hessian(fa, xa, c);
  for (int i = 0; i < 4; ++i) {
    eddy_checkf_tol(da[i], diag_ref(xa.data(), 4, c, i), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "array diag[%d]%.0d", i, 0);
    eddy_checkf_tol(da[i], Ha[i][i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "array vs hessian[%d]%.0d",
                    i, 0);
  }

  // std::vector of 11: sweeps of 8, 2 and 1 columns.
  std::vector<double> xv(11);
  for (int i = 0; i < 11; ++i)
    xv[i] = 0.1 * i - 0.45;
  auto fv = [](const std::vector<double> &x, double cc) { return f(x, 11, cc); };
  std::vector<double> dv = eddy::hessian_diagonal(fv, xv, c);
  auto Hv = eddy::hessian(fv, xv, c);
  eddy_check_eq("vector diag size", (long)dv.size(), 11);
  for (int i = 0; i < 11; ++i) {
    eddy_checkf_tol(dv[i], diag_ref(xv.data(), 11, c, i), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "vector diag[%d]%.0d", i, 0);
    eddy_checkf_tol(dv[i], Hv[i][i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "vector vs hessian[%d]%.0d",
                    i, 0);
  }

  // eddy::ptr: a std::vector result; the raw array is not changed.
  double xp[5] = {0.2, 0.5, -0.3, 0.8, -0.1};
  auto fp = [](const double *x, double cc) { return f(x, 5, cc); };
  std::vector<double> dp = eddy::hessian_diagonal(fp, eddy::ptr(xp, 5), c);
  for (int i = 0; i < 5; ++i)
    eddy_checkf_tol(dp[i], diag_ref(xp, 5, c, i), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "ptr diag[%d]%.0d", i, 0);
  eddy_check("ptr x unchanged", xp[3], 0.8);

  // A scalar: the second derivative. d2/dx2 x^3 sin(x) = 6x sin x + 6x^2 cos x - x^3 sin x.
  const double x = 0.8;
  double d2 = eddy::hessian_diagonal([](double t) { return t * t * t * std::sin(t); }, x);
  eddy_check("scalar", d2,
             6 * x * std::sin(x) + 6 * x * x * std::cos(x) - x * x * x * std::sin(x));
  return eddy_summary();
}
// CHECK: ALL OK

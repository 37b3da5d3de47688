// eddy::hvp and eddy::hessian at -O0 (and -O2), against a hand-written
// Hessian: std::array, std::vector and eddy::ptr variables, a capturing
// lambda, a fixed parameter after the variable, and a scalar variable.
//
// At -O0 the API's trampoline gets the variable through a call that stays a
// call (eddy::detail::access<...>::pass); its reverse-mode augmented sweep
// returns the pointer and its shadow as one {ptr, ptr} struct, which forward
// mode over the gradient must give a shadow struct (docs/architecture.md,
// section 6). Eddy used to refuse this program at -O0.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

constexpr int N = 3;
// f = x0^2 x1 + sin(x1 x2) + c x0 x2^3
template <class V> double f(const V &x, double c) {
  return x[0] * x[0] * x[1] + std::sin(x[1] * x[2]) + c * x[0] * x[2] * x[2] * x[2];
}

static void hessian_ref(const double *x, double c, double H[N][N]) {
  double s = std::sin(x[1] * x[2]), k = std::cos(x[1] * x[2]);
  H[0][0] = 2 * x[1];
  H[0][1] = H[1][0] = 2 * x[0];
  H[0][2] = H[2][0] = 3 * c * x[2] * x[2];
  H[1][1] = -x[2] * x[2] * s;
  H[1][2] = H[2][1] = k - x[1] * x[2] * s;
  H[2][2] = -x[1] * x[1] * s + 6 * c * x[0] * x[2];
}

static void check_hvp(const char *what, const double *got, const double H[N][N],
                      const double *v) {
  for (int i = 0; i < N; ++i) {
    double want = 0;
    for (int j = 0; j < N; ++j)
      want += H[i][j] * v[j];
    char name[64];
    snprintf(name, sizeof name, "%s[%%d]", what);
    eddy_checkf_tol(got[i], want, 1e-12, 1e-14, name, i, 0);
  }
}

int main() {
  const double c = 1.5;
  std::array<double, N> x{0.8, -0.4, 1.1};
  std::array<double, N> v{0.5, -1.0, 2.0};
  double H[N][N];
  hessian_ref(x.data(), c, H);

  // std::array, with the parameter c held fixed.
  auto fa = [](const std::array<double, N> &u, double cc) { return f(u, cc); };
  std::array<double, N> hva = eddy::hvp(fa, x, v, c);
  check_hvp("hvp.array", hva.data(), H, v.data());
  auto Ha = eddy::hessian(fa, x, c);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      eddy_checkf_tol(Ha[i][j], H[i][j], 1e-12, 1e-14, "hessian.array[%d][%d]", i, j);

  // std::vector, through a capturing lambda.
  std::vector<double> xv(x.begin(), x.end());
  auto fv = [c](const std::vector<double> &u) { return f(u, c); };
  std::vector<double> hvv = eddy::hvp(fv, xv, std::vector<double>(v.begin(), v.end()));
  check_hvp("hvp.vector", hvv.data(), H, v.data());
  auto Hv = eddy::hessian(fv, xv);
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      eddy_checkf_tol(Hv[i][j], H[i][j], 1e-12, 1e-14, "hessian.vector[%d][%d]", i, j);

  // eddy::ptr over a raw array.
  auto fp = [c](const double *u) { return f(u, c); };
  std::vector<double> hvp_ = eddy::hvp(fp, eddy::ptr(x.data(), N), v.data());
  check_hvp("hvp.ptr", hvp_.data(), H, v.data());
  auto Hp = eddy::hessian(fp, eddy::ptr(x.data(), N));
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j)
      eddy_checkf_tol(Hp[i][j], H[i][j], 1e-12, 1e-14, "hessian.ptr[%d][%d]", i, j);

  // A scalar variable: the second derivative.
  auto s = [](double t, double a) { return std::exp(a * t) * t * t; };
  double t = 0.7, a = -1.2, e = std::exp(a * t);
  eddy_check("hessian.scalar", eddy::hessian(s, t, a), e * (a * a * t * t + 4 * a * t + 2));
  return eddy_summary();
}

// CHECK: OK hvp.array[2]
// CHECK: OK hessian.array[2][2]
// CHECK: OK hvp.vector[2]
// CHECK: OK hessian.vector[2][2]
// CHECK: OK hvp.ptr[2]
// CHECK: OK hessian.ptr[2][2]
// CHECK: OK hessian.scalar
// CHECK: ALL OK

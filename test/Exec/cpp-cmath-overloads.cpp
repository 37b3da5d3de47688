// <cmath> overloads at float, double and long double (x86 80-bit) through one
// function template instantiated at the three types, reading global
// variables (a scalar and a table); both modes, against the analytic
// derivative computed in the same precision, at -O0 and -O2.
//
// valgrind computes x87 long double arithmetic in 64-bit double precision, so
// the long double checks (1e-17 relative) cannot hold under it: the result is
// right to ~1e-16 only (docs/sanitizers.md). ASan and UBSan check this test.
// UNSUPPORTED: eddy-valgrind
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

double Scale = 1.5;                           // read, never written
const double Table[4] = {0.5, -1.0, 2.0, 0.25}; // a constant lookup table

template <class T> T model(T x) {
  T s = 0;
  for (int i = 0; i < 4; ++i)
    s += T(Table[i]) * std::pow(x, T(i));     // polynomial from the table
  return std::sin(x) * std::exp(x) + std::sqrt(x * x + T(1)) * T(Scale) + std::log1p(x) * s;
}

template <class T> T model_prime(T x) {
  T s = 0, ds = 0;
  for (int i = 0; i < 4; ++i) {
    s += T(Table[i]) * std::pow(x, T(i));
    if (i > 0)
      ds += T(Table[i]) * T(i) * std::pow(x, T(i - 1));
  }
  return std::cos(x) * std::exp(x) + std::sin(x) * std::exp(x) +
         x / std::sqrt(x * x + T(1)) * T(Scale) + s / (T(1) + x) + std::log1p(x) * ds;
}

int main() {
  {
    float x = 0.6f;
    float fwd = eddy::derivative(eddy::fn<model<float>>, x);
    float rev = eddy::gradient(eddy::fn<model<float>>, x);
    eddy_check_tol("float.fwd", fwd, model_prime(x), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
    eddy_check_tol("float.rev", rev, model_prime(x), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  }
  {
    double x = 0.6;
    eddy_check("double.fwd", eddy::derivative(eddy::fn<model<double>>, x), model_prime(x));
    eddy_check("double.rev", eddy::gradient(eddy::fn<model<double>>, x), model_prime(x));
  }
  {
    // 64-bit mantissa: the derivative agrees with the long double formula
    // far beyond double precision (LDBL_EPSILON is 1.1e-19).
    long double x = 0.6L;
    long double fwd = eddy::derivative(eddy::fn<model<long double>>, x);
    long double rev = eddy::gradient(eddy::fn<model<long double>>, x);
    long double want = model_prime(x);
    eddy_check_eq("long_double.fwd", std::fabs(fwd - want) <= 1e-17L * std::fabs(want), 1);
    eddy_check_eq("long_double.rev", std::fabs(rev - want) <= 1e-17L * std::fabs(want), 1);
  }
  return eddy_summary();
}

// Second derivatives of a function that tests the sign of a value computed in
// a loop (std::signbit). At -O1..-O3 InstCombine makes the test an integer
// compare of the value's bits; the inner reverse request tapes those bits for
// its sweep, and the outer forward request over that sweep met a bitcast that
// was both tested and stored. It was refused at -O1..-O3 ("the bits of a
// floating-point value ... are reinterpreted as an integer") and accepted at
// -O0. Found by eddy-fuzz --cxx --extended --edges, seed 21:78.
//
// Reference: the same function instantiated on hyper-dual numbers (a + b e1 +
// c e2 + d e1 e2, e1^2 = e2^2 = 0), whose e1 e2 part is an exact second
// derivative, independent of Eddy.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>

struct HyperDual {
  double a, b, c, d;
  HyperDual(double v = 0, double e1 = 0, double e2 = 0, double e12 = 0) : a(v), b(e1), c(e2), d(e12) {}
};
static HyperDual operator+(HyperDual x, HyperDual y) { return {x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d}; }
static HyperDual operator-(HyperDual x, HyperDual y) { return {x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d}; }
static HyperDual operator*(HyperDual x, HyperDual y) {
  return {x.a * y.a, x.a * y.b + x.b * y.a, x.a * y.c + x.c * y.a,
          x.a * y.d + x.b * y.c + x.c * y.b + x.d * y.a};
}
static bool signbitOf(double v) { return std::signbit(v); }
static bool signbitOf(HyperDual v) { return std::signbit(v.a); }

// sum over i < n of (c_i < 0 ? x y : y^2) v_i, with v_i = x y^i,
// c_i = v_i - 0.3 i. Only c_i's sign is used, so the reverse sweep needs c_i's
// bits alone. (n is not a constant, so the loop stays a loop.)
int n = 4;
template <typename T> static T model(T x, T y) {
  T v = x, acc = 0.0;
  for (int i = 0; i < n; ++i) {
    T c = v - T(0.3 * i);
    acc = acc + (signbitOf(c) ? x * y : y * y) * v;
    v = v * y;
  }
  return acc;
}

// Not inlined into eddy.hpp's trampolines, as a larger function would not be.
__attribute__((noinline)) static double f(double x, double y) { return model(x, y); }
static double f_pair(const std::array<double, 2> &q) { return f(q[0], q[1]); }

// d^2 model / dq_i dq_j at q, from the hyper-dual e1 e2 part.
static double reference(const std::array<double, 2> &q, int i, int j) {
  HyperDual x(q[0], i == 0, j == 0), y(q[1], i == 1, j == 1);
  return model(x, y).d;
}

int main() {
  // c = (0.5, 0.3, 0.12, -0.036): the last term takes the other branch.
  const std::array<double, 2> q{0.5, 1.2};
  const double x = q[0], y = q[1];

  auto H = eddy::hessian(eddy::fn<f_pair>, q);
  auto J = eddy::jacobian([&](const std::array<double, 2> &r) { return eddy::gradient(eddy::fn<f_pair>, r); }, q);
  const char *Names[2][2] = {{"00", "01"}, {"10", "11"}};
  char Name[64];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      double Want = reference(q, i, j);
      snprintf(Name, sizeof Name, "hessian %s", Names[i][j]);
      eddy_check(Name, H[i][j], Want);
      snprintf(Name, sizeof Name, "jacobian(gradient) %s", Names[i][j]);
      eddy_check(Name, J[i][j], Want);
    }
  eddy_check("derivative(derivative) xx",
             eddy::derivative([&](double xx) { return eddy::derivative([&](double z) { return f(z, y); }, xx); }, x),
             reference(q, 0, 0));
  eddy_check("derivative(derivative) xy",
             eddy::derivative([&](double yy) { return eddy::derivative([=](double z) { return f(z, yy); }, x); }, y),
             reference(q, 0, 1));
  eddy_summary();
}

// CHECK: ALL OK (10 checks)

// &&-qualified member functions as callables: eddy::fn<&C::m> or &C::m, the
// object first (eddy::constant or eddy::dual). They are called on a copy of
// the object, so every sweep sees it as given and the caller's object is not
// consumed; eddy::dual's shadow still receives d f / d (the object's fields).
// Virtual member functions in lambdas too. References: analytic derivatives.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

struct Spring {
  double k, rest;
  // Moves out of *this (sets k to 0): run on a copy, the caller's k stays.
  double energy(double x) && {
    double e = 0.5 * k * (x - rest) * (x - rest);
    k = 0;
    return e;
  }
  double scaled(double x, double s) const && { return s * k * std::sin(x); }
};

// A virtual member function called in a lambda: qualified, or on a final
// class, the call is direct (named as the callable: test/API/virtual-members.cpp).
struct Shape {
  double k;
  virtual double area(double x) const { return k * x; }
  virtual ~Shape() = default;
};
struct Square : Shape {
  double area(double x) const override { return k * x * x; }
};
struct Cube final : Shape {
  double area(double x) const override { return k * x * x * x; }
};

int main() {
  Spring s{10.0, 1.0};
  eddy_check("rvalue.constant", eddy::gradient(eddy::fn<&Spring::energy>, eddy::constant(s), 1.5),
             5.0);
  eddy_check("rvalue.not_consumed", s.k, 10.0);
  eddy_check("rvalue.bare_name", eddy::gradient(&Spring::energy, eddy::constant(s), 1.5), 5.0);
  Spring ds{0.0, 0.0};
  double dx = eddy::gradient(&Spring::energy, eddy::dual(s, ds), 1.5);
  eddy_check("rvalue.dual.dx", dx, 5.0);
  eddy_check("rvalue.dual.dk", ds.k, 0.5 * 0.25);
  eddy_check("rvalue.dual.drest", ds.rest, -5.0);
  auto g = eddy::gradient(&Spring::scaled, eddy::constant(s), 0.5, 2.0);
  eddy_check("const_rvalue.dx", g[0], 2.0 * 10.0 * std::cos(0.5));
  eddy_check("const_rvalue.ds", g[1], 10.0 * std::sin(0.5));
  auto t = eddy::jvp(eddy::fn<&Spring::scaled>, eddy::constant(s), eddy::dual(0.5, 1.0), 2.0);
  eddy_check("const_rvalue.jvp", t.tangent, 2.0 * 10.0 * std::cos(0.5));
  Square q;
  q.k = 2.0;
  eddy_check("virtual.qualified", eddy::gradient([&q](double x) { return q.Square::area(x); }, 1.5),
             2.0 * 2 * 1.5);
  Cube c;
  c.k = 2.0;
  eddy_check("virtual.final", eddy::gradient([&c](double x) { return c.area(x); }, 1.5),
             2.0 * 3 * 1.5 * 1.5);
  return eddy_summary();
}

// CHECK: OK rvalue.constant
// CHECK: OK rvalue.dual.drest
// CHECK: OK const_rvalue.jvp
// CHECK: ALL OK

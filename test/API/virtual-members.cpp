// Virtual member functions as callables (&C::m, eddy::fn<&C::m>), called on
// an object whose dynamic type is known at the call: a variable of the class
// (a complete object), or a reference to a `final` class, or to a class whose
// override is `final`. The plugin calls that override with a qualified name
// (no vtable dispatch: lib/Frontend/NonVirtualCallee.cpp), so the derivative
// is the override's, at every -O level, in forward and reverse mode, with
// eddy::constant and eddy::dual objects. Where the type is not known, the call
// is refused (test/Diagnostics/callable-names.cpp). References: analytic
// derivatives of the override (not of the base's function, which would give
// other numbers).
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

struct Shape {
  double k = 1.0;
  virtual double area(double x) const { return k * x; }
  virtual ~Shape() = default;
};
struct Square : Shape {
  double area(double x) const override { return k * x * x; }
};
struct Wave final : Shape {
  double area(double x) const override { return k * std::sin(x); }
};
struct Cube : Shape {
  double area(double x) const final { return k * x * x * x; }
};

// References: the dynamic type is known from the class's or function's final.
static double wave_slope(const Wave &w, double x) {
  return eddy::gradient(&Wave::area, eddy::constant(w), x);
}
static double cube_gradient(const Cube &c, double x) {
  return eddy::gradient(eddy::fn<&Cube::area>, eddy::constant(c), x);
}

int main() {
  Square q;
  q.k = 2.0;
  double x = 1.5;
  // d/dx k x^2 = 2 k x, whichever class the member pointer names.
  eddy_check("square.gradient", eddy::gradient(&Square::area, eddy::constant(q), x),
             2 * q.k * x);
  eddy_check("square.gradient.base_pointer",
             eddy::gradient(&Shape::area, eddy::constant(q), x), 2 * q.k * x);
  // Forward mode: the tangent along dx = 1.
  auto t = eddy::jvp(&Square::area, eddy::constant(q), eddy::dual(x, 1.0));
  eddy_check("square.jvp", t.tangent, 2 * q.k * x);
  // d/dk through the object's shadow: x^2.
  Square dq;
  dq.k = 0.0;
  double dx = eddy::gradient(eddy::fn<&Square::area>, eddy::dual(q, dq), x);
  eddy_check("square.dual.dx", dx, 2 * q.k * x);
  eddy_check("square.dual.dk", dq.k, x * x);

  Wave w;
  w.k = 3.0;
  eddy_check("wave.final_class", wave_slope(w, x), w.k * std::cos(x));
  Cube c;
  c.k = 0.5;
  eddy_check("cube.final_function", cube_gradient(c, x), 3 * c.k * x * x);
  return eddy_summary();
}

// The attribute spellings on C++ functions whose bodies the optimizer would
// inline before Eddy runs: an inline function, a static member function, a
// member function, function templates (an explicit specialization, a
// primary template, a member of a class template), and rules given
// as [[eddy::tangent]]/[[eddy::adjoint]] and eddy_tangent/eddy_adjoint. The
// annotation decides the derivative at every level, in both modes, through
// the C request ABI and through eddy.hpp.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

// A stop-gradient: its body would add 3 to the derivative.
[[eddy::inactive]] inline double stop(double s) { return s * 3; }

// Straight-through rounding: the body's derivative is 0, the rule's 1.
static double ste_tangent(double, double dx) { return dx; }
static void ste_adjoint(double, double *dx, double dret) { *dx += dret; }
[[eddy::tangent(ste_tangent), eddy::adjoint(ste_adjoint)]] inline double
round_ste(double x) {
  return std::floor(x + 0.5);
}

static double half_tangent(double, double dx) { return 0.5 * dx; }
static void half_adjoint(double, double *dx, double dret) { *dx += 0.5 * dret; }

struct Model {
  double k = 2.0;
  // A static member with rules (GNU spelling): its body's derivative is 1.
  __attribute__((eddy_tangent(half_tangent), eddy_adjoint(half_adjoint))) static double
  shrink(double x) {
    return x;
  }
  // A member function declared inactive: k * x stops the gradient.
  [[eddy::inactive]] double damp(double x) const { return k * x; }
};

template <class T> T twice(T x) { return 2 * x; }
// A specialization declared inactive.
template <> [[eddy::inactive]] double twice<double>(double x) { return 2 * x; }

// Templates: every instantiation carries the annotation.
template <class T> [[eddy::inactive]] T stop_t(T s) { return s * 4; }
template <class T> [[eddy::tangent(ste_tangent), eddy::adjoint(ste_adjoint)]] T
round_t(T x) {
  return std::floor(x + 0.5);
}
template <class T> struct Box {
  T k = 5;
  [[eddy::inactive]] T scale(T x) const { return k * x; }
};

// d/dx = 2x + 0 + 1 + 0.5 + 0 + 0 + 0 + 1 + 0 = 2x + 2.5
static double f(double x) {
  Model m;
  Box<double> b;
  return x * x + stop(x) + round_ste(x) + Model::shrink(x) + m.damp(x) + twice(x) +
         stop_t(x) + round_t(x) + b.scale(x);
}
static double df(double x) { return 2 * x + 2.5; }

struct D1 { double dx; };
template <class R, class... A> R __enzyme_autodiff_t(void *, A...);

int main() {
  double x = 0.3;
  eddy_check("rev", __enzyme_autodiff_t<double>((void *)f, x), df(x));
  eddy_check("fwd", __enzyme_fwddiff((void *)f, x, 1.0), df(x));
  eddy_check("hpp.gradient", eddy::gradient(eddy::fn<f>, x), df(x));
  eddy_check("hpp.derivative", eddy::derivative(eddy::fn<f>, x), df(x));
  // A lambda calling the annotated functions (captureless and capturing).
  double c = 3.0;
  auto g = [c](double y) { return c * y + stop(y) + round_ste(y * y); };
  eddy_check("lambda.derivative", eddy::derivative(g, x), c + 2 * x);
  eddy_check("lambda.gradient", eddy::gradient(g, x), c + 2 * x);
  return eddy_summary();
}

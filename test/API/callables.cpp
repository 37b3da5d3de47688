// Every callable kind through the same API: a free function (eddy::fn<f>), a
// function template at float and double, captureless, capturing (by value and
// by reference) and generic lambdas, a function object, and member functions
// (eddy::fn<&C::m>, the object held fixed with eddy::constant or given a
// shadow with eddy::dual).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

static double free_f(double x, double y) { return x * x * y; }
template <class T> T poly(T x) { return T(3) * x * x * x - T(2) * x; }

struct Quadratic { // a function object
  double a;
  double operator()(double x) const { return a * x * x; }
};

struct Spring {
  double k, rest;
  double energy(double x) const { return 0.5 * k * (x - rest) * (x - rest); }
};

int main() {
  // Free function: eddy::fn<f>.
  auto g = eddy::gradient(eddy::fn<free_f>, 3.0, 2.0);
  eddy_check("free.dx", g[0], 12.0);
  eddy_check("free.dy", g[1], 9.0);
  eddy_check("free.fwd", eddy::derivative(eddy::fn<free_f>, 3.0, 2.0), 12.0);

  // Function template at double and float.
  eddy_check("template.double", eddy::derivative(eddy::fn<poly<double>>, 0.5), 9 * 0.25 - 2);
  eddy_check("template.double.rev", eddy::gradient(eddy::fn<poly<double>>, 0.5), 9 * 0.25 - 2);
  float df = eddy::derivative(eddy::fn<poly<float>>, 0.5f);
  float gf = eddy::gradient(eddy::fn<poly<float>>, 0.5f);
  eddy_check_tol("template.float", df, 0.25, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("template.float.rev", gf, 0.25, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("template.float.fd", df, eddy_fd_float(poly<float>, 0.5f), EDDY_RTOL_FD_FLOAT, EDDY_ATOL_FD_FLOAT);

  // Lambdas: captureless, capturing by value and by reference (captures are
  // constants), generic.
  auto cl = [](double x) { return std::sin(x); };
  eddy_check("lambda.plain", eddy::gradient(cl, 0.3), std::cos(0.3));
  double scale = 4.0;
  auto byval = [scale](double x) { return scale * std::exp(x); };
  auto byref = [&scale](double x) { return scale * std::exp(x); };
  eddy_check("lambda.capture_value", eddy::gradient(byval, 0.2), 4.0 * std::exp(0.2));
  eddy_check("lambda.capture_ref", eddy::derivative(byref, 0.2), 4.0 * std::exp(0.2));
  eddy_check("lambda.capture_ref.rev", eddy::gradient(byref, 0.2), 4.0 * std::exp(0.2));
  auto generic = [](auto x) { return x * x * x; };
  eddy_check("lambda.generic", eddy::gradient(generic, 2.0), 12.0);
  eddy_check_tol("lambda.generic.float", eddy::derivative(generic, 2.0f), 12.0, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // Function object.
  Quadratic q{2.5};
  eddy_check("functor", eddy::gradient(q, 3.0), 15.0);
  eddy_check("functor.fwd", eddy::derivative(q, 3.0), 15.0);

  // Member function: the object first, fixed or with a shadow.
  Spring s{10.0, 1.0};
  eddy_check("member.const", eddy::gradient(eddy::fn<&Spring::energy>, eddy::constant(s), 1.5), 5.0);
  eddy_check("member.fwd", eddy::derivative([&](double x) { return s.energy(x); }, 1.5), 5.0);
  Spring ds{0.0, 0.0}; // receives d energy / d (k, rest)
  double dx = eddy::gradient(eddy::fn<&Spring::energy>, eddy::dual(s, ds), 1.5);
  eddy_check("member.dual.dx", dx, 5.0);
  eddy_check("member.dual.dk", ds.k, 0.5 * 0.25);
  eddy_check("member.dual.drest", ds.rest, -5.0);
  return eddy_summary();
}

// CHECK: OK free.dx
// CHECK: OK template.float.fd
// CHECK: OK lambda.capture_ref.rev
// CHECK: OK member.dual.drest
// CHECK: ALL OK

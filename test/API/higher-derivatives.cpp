// eddy::derivative<N>: the N-th derivative by N nested forward sweeps, for
// N = 1..4 (and 6, the documented maximum, on a polynomial), against analytic
// derivatives: exp, sin, a polynomial (whose derivatives past its degree are
// exactly 0), x^x, held-fixed arguments (a number, an eddy::constant, a
// std::array), an empty function object, a function template through
// eddy::fn, float, and a std::array result.
//
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>

template <class T> T poly(T x) { return 3 * x * x * x * x - 2 * x * x * x + x * x - 5 * x + 7; }
static double xpowx(double x) { return std::pow(x, x); }

// d^k/dx^k x^x, from y = x^x, y' = y u with u = ln x + 1, u' = 1/x,
// u'' = -1/x^2, u''' = 2/x^3 (Leibniz on y' = y u).
static void xpowx_ref(double x, double d[5]) {
  double y = std::pow(x, x), u = std::log(x) + 1, u1 = 1 / x, u2 = -1 / (x * x),
         u3 = 2 / (x * x * x);
  d[0] = y;
  d[1] = y * u;
  d[2] = d[1] * u + y * u1;
  d[3] = d[2] * u + 2 * d[1] * u1 + y * u2;
  d[4] = d[3] * u + 3 * d[2] * u1 + 3 * d[1] * u2 + y * u3;
}

// g(t) = exp(-a t) sin(w t): a function object without state, its
// parameters passed after t.
struct Damped {
  double operator()(double t, double a, double w) const { return std::exp(-a * t) * std::sin(w * t); }
};

int main() {
  const double x = 0.7;

  // exp: every derivative is exp(x).
  auto e = [](double t) { return std::exp(t); };
  eddy_check("exp d1", eddy::derivative<1>(e, x), std::exp(x));
  eddy_check("exp d2", eddy::derivative<2>(e, x), std::exp(x));
  eddy_check("exp d3", eddy::derivative<3>(e, x), std::exp(x));
  eddy_check("exp d4", eddy::derivative<4>(e, x), std::exp(x));

  // sin: cos, -sin, -cos, sin.
  auto s = [](double t) { return std::sin(t); };
  eddy_check("sin d2", eddy::derivative<2>(s, x), -std::sin(x));
  eddy_check("sin d3", eddy::derivative<3>(s, x), -std::cos(x));
  eddy_check("sin d4", eddy::derivative<4>(s, x), std::sin(x));

  // A polynomial of degree 4 through eddy::fn: 24*3 = 72, then exactly 0.
  const double p = 1.3;
  eddy_check("poly d1", eddy::derivative<1>(eddy::fn<poly<double>>, p),
             12 * p * p * p - 6 * p * p + 2 * p - 5);
  eddy_check("poly d2", eddy::derivative<2>(eddy::fn<poly<double>>, p), 36 * p * p - 12 * p + 2);
  eddy_check("poly d3", eddy::derivative<3>(eddy::fn<poly<double>>, p), 72 * p - 12);
  eddy_check("poly d4", eddy::derivative<4>(eddy::fn<poly<double>>, p), 72);
  eddy_check("poly d6 (max)", eddy::derivative<6>(eddy::fn<poly<double>>, p), 0);

  // x^x through pow (both operands active).
  double d[5];
  xpowx_ref(1.5, d);
  eddy_check("x^x d1", eddy::derivative<1>(eddy::fn<xpowx>, 1.5), d[1]);
  eddy_check("x^x d2", eddy::derivative<2>(eddy::fn<xpowx>, 1.5), d[2]);
  eddy_check("x^x d3", eddy::derivative<3>(eddy::fn<xpowx>, 1.5), d[3]);
  eddy_check("x^x d4", eddy::derivative<4>(eddy::fn<xpowx>, 1.5), d[4]);

  // Other arguments held fixed: d^3/dx^3 sin(x y) = -y^3 cos(x y), for a
  // plain and an eddy::constant argument.
  auto sxy = [](double t, double y) { return std::sin(t * y); };
  const double y = 1.7;
  eddy_check("sin(xy) d3 rest", eddy::derivative<3>(sxy, x, y), -y * y * y * std::cos(x * y));
  eddy_check("sin(xy) d3 constant", eddy::derivative<3>(sxy, x, eddy::constant(y)),
             -y * y * y * std::cos(x * y));

  // The forms docs/user-guide.md shows.
  double d4 = eddy::derivative<4>(e, 0.7);                          // exp(0.7)
  double p6 = eddy::derivative<6>(eddy::fn<poly<double>>, 1.3);     // 0: poly has degree 4
  double s3 = eddy::derivative<3>(sxy, 0.7, eddy::constant(y));     // -y^3 cos(0.7 y)
  eddy_check("guide d4", d4, std::exp(0.7));
  eddy_check("guide p6", p6, 0);
  eddy_check("guide s3", s3, -y * y * y * std::cos(0.7 * y));

  // An empty function object with parameters held fixed.
  const double t = 0.9, a = 0.4, w = 2.5, E = std::exp(-a * t);
  // g'' = exp(-a t)[(a^2 - w^2) sin(w t) - 2 a w cos(w t)]
  eddy_check("functor d2", eddy::derivative<2>(Damped{}, t, a, w),
             E * ((a * a - w * w) * std::sin(w * t) - 2 * a * w * std::cos(w * t)));
  // g''' = exp(-a t)[(3 a w^2 - a^3) sin(w t) + (3 a^2 w - w^3) cos(w t)]
  eddy_check("functor d3", eddy::derivative<3>(Damped{}, t, eddy::constant(a), w),
             E * ((3 * a * w * w - a * a * a) * std::sin(w * t) +
                  (3 * a * a * w - w * w * w) * std::cos(w * t)));

  // A std::array held fixed: d^4/dx^4 (c0 x^4 + c1 x^3) = 24 c0.
  std::array<double, 2> cs{1.5, -2.0};
  eddy_check("array argument d4",
             eddy::derivative<4>([](double u, const std::array<double, 2> &c) {
               return c[0] * u * u * u * u + c[1] * u * u * u;
             }, x, cs),
             24 * cs[0]);

  // float.
  eddy_check_tol("float exp d3", eddy::derivative<3>([](float u) { return std::exp(2 * u); }, 0.5f),
                 8 * std::exp(1.0), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // A std::array result: each component's third derivative.
  auto v = [](double u) { return std::array<double, 2>{u * u * u * u, std::cos(u)}; };
  std::array<double, 2> d3 = eddy::derivative<3>(v, x);
  eddy_check("array d3[0]", d3[0], 24 * x);
  eddy_check("array d3[1]", d3[1], std::sin(x));
  return eddy_summary();
}
// CHECK: ALL OK

// Requests nested inside the callables of requests, with lambdas that
// capture by reference, by value, or nothing, and eddy::fn<f>: second
// derivatives by nesting eddy::derivative, mixed partials through captured
// variables that the outer request differentiates, jacfwd(grad(f)) as
// eddy::jacobian of a lambda returning eddy::gradient, and jvp(grad(f)) —
// each against the analytic derivatives and eddy::hessian / eddy::hvp.
// An inner lambda may capture by reference what the outer lambda captured
// (the outer request's constant closure points to it): the local holding
// that pointer gets no shadow, and neither do the closures that hold it.
// (An inner lambda capturing by reference both such a variable and one the
// outer request differentiates is refused: test/Refusals/refuse-nested-capture.cpp.)
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>

// f(z, y) = sin(z y) + z^2 y
static double f(double z, double y) { return std::sin(z * y) + z * z * y; }
static double f_zz(double z, double y) { return -y * y * std::sin(z * y) + 2 * y; }
static double f_zy(double z, double y) {
  return std::cos(z * y) - z * y * std::sin(z * y) + 2 * z;
}
static double cube(double t) { return t * t * t; }

// g(p) = p0^2 p1 + sin(p1) + p0 p1^3; its Hessian below.
using P = std::array<double, 2>;
static double g(const P &p) { return p[0] * p[0] * p[1] + std::sin(p[1]) + p[0] * p[1] * p[1] * p[1]; }
static std::array<P, 2> g_hess(const P &p) {
  double h01 = 2 * p[0] + 3 * p[1] * p[1];
  return {P{2 * p[1], h01}, P{h01, -std::sin(p[1]) + 6 * p[0] * p[1]}};
}

int main() {
  const double z = 0.7, y = 1.3;

  // Second derivatives by nesting: captureless, eddy::fn<f>, by value.
  eddy_check("d2 captureless",
             eddy::derivative([](double x) { return eddy::derivative([](double t) { return cube(t); }, x); }, z),
             6 * z);
  eddy_check("d2 fn<cube>",
             eddy::derivative([](double x) { return eddy::derivative(eddy::fn<cube>, x); }, z), 6 * z);
  // The outer lambda captures y by reference, the inner one by value.
  eddy_check("d2 [&] outer [=] inner",
             eddy::derivative([&](double x) { return eddy::derivative([=](double t) { return f(t, y); }, x); }, z),
             f_zz(z, y));
  eddy_check("d2 [=] outer [=] inner",
             eddy::derivative([=](double x) { return eddy::derivative([=](double t) { return f(t, y); }, x); }, z),
             f_zz(z, y));
  // The inner lambda captures by reference what the outer one captured
  // (issue 10's example), by reference or by value; or copies a lambda that
  // captures by reference.
  eddy_check("d2 [&] outer [&] inner",
             eddy::derivative([&](double x) { return eddy::derivative([&](double t) { return f(t, y); }, x); }, z),
             f_zz(z, y));
  eddy_check("d2 [=] outer [&] inner",
             eddy::derivative([=](double x) { return eddy::derivative([&](double t) { return f(t, y); }, x); }, z),
             f_zz(z, y));
  auto fy = [&](double t) { return f(t, y); };
  eddy_check("d2 [=] copy of a [&] lambda",
             eddy::derivative([&](double x) {
               auto h = [=](double t) { return fy(t); };
               return eddy::derivative(h, x);
             }, z),
             f_zz(z, y));
  eddy_check("d/dz jvp [&] inner",
             eddy::derivative([&](double x) {
               return eddy::jvp([&](double t) { return f(t, y); }, eddy::dual(x, 1.0)).tangent;
             }, z),
             f_zz(z, y));
  // The outer variable passed as an argument instead of captured.
  eddy_check("d2 argument",
             eddy::derivative([&](double x) {
               return eddy::derivative([](double t, double yy) { return f(t, yy); }, x, y);
             }, z),
             f_zz(z, y));

  // Mixed partials: the inner lambda captures the outer request's variable,
  // by reference or by value; it must not be held fixed.
  eddy_check("d2/dydz [&] inner",
             eddy::derivative([&](double yy) { return eddy::derivative([&](double t) { return f(t, yy); }, z); }, y),
             f_zy(z, y));
  eddy_check("d2/dydz [=] inner",
             eddy::derivative([&](double yy) { return eddy::derivative([=](double t) { return f(t, yy); }, z); }, y),
             f_zy(z, y));
  eddy_check("d2/dzdy [&] both",
             eddy::derivative([&](double zz) { return eddy::derivative([&](double yy) { return f(zz, yy); }, y); }, z),
             f_zy(z, y));

  // jacfwd(grad(g)): the Jacobian of the gradient is the Hessian.
  const P p{0.8, -1.1};
  const auto H = g_hess(p);
  const auto Hh = eddy::hessian(eddy::fn<g>, p);
  const auto Jfn = eddy::jacobian([](const P &q) { return eddy::gradient(eddy::fn<g>, q); }, p);
  const auto Jlam = eddy::jacobian([](const P &q) { return eddy::gradient([](const P &r) { return g(r); }, q); }, p);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      eddy_check("hessian vs analytic", Hh[i][j], H[i][j]);
      eddy_check("jacfwd(grad(fn<g>))", Jfn[i][j], H[i][j]);
      eddy_check("jacfwd(grad(lambda))", Jlam[i][j], H[i][j]);
    }
  // A scale s captured by value by the inner lambda: the Hessian of s*g.
  const double s = 2.5;
  const auto Js = eddy::jacobian([=](const P &q) { return eddy::gradient([=](const P &r) { return s * g(r); }, q); }, p);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      eddy_check("jacfwd(grad(s*g)) [=]", Js[i][j], s * H[i][j]);

  // The same with the scale captured by reference at both levels.
  const auto Jr = eddy::jacobian([&](const P &q) { return eddy::gradient([&](const P &r) { return s * g(r); }, q); }, p);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      eddy_check("jacfwd(grad(s*g)) [&]", Jr[i][j], s * H[i][j]);
  // d/dx of s * dg/dp1 and of the vjp's dg/dp0 at (x, p1), s by reference.
  eddy_check("d/dx grad [&] inner",
             eddy::derivative([&](double x) { return eddy::gradient([&](const P &r) { return s * g(r); }, P{x, p[1]})[1]; }, p[0]),
             s * H[1][0]);
  eddy_check("d/dx vjp [&] inner",
             eddy::derivative([&](double x) { return eddy::vjp([&](const P &r) { return s * g(r); }, 1.0, P{x, p[1]})[0]; }, p[0]),
             s * H[0][0]);

  // Forward over reverse through a capture: d/ds of s * dg/dp0, with s the
  // outer variable captured by the inner lambda (by value and by reference)
  // and the point p captured by the outer lambda.
  P pp = p;
  const double dg0 = 2 * p[0] * p[1] + p[1] * p[1] * p[1];
  eddy_check("d/ds grad(s*g) [=]",
             eddy::derivative([&](double sv) { return eddy::gradient([=](const P &q) { return sv * g(q); }, pp)[0]; }, s),
             dg0);
  eddy_check("d/ds grad(s*g) [&]",
             eddy::derivative([&](double sv) { return eddy::gradient([&](const P &q) { return sv * g(q); }, pp)[0]; }, s),
             dg0);

  // jvp(grad(g)) along v is the Hessian-vector product.
  const P v{0.3, -2.0};
  const auto hv = eddy::hvp(eddy::fn<g>, p, v);
  const auto jg = eddy::jvp([](const P &q) { return eddy::gradient(eddy::fn<g>, q); }, eddy::dual(p, v)).tangent;
  for (int i = 0; i < 2; ++i) {
    const double want = H[i][0] * v[0] + H[i][1] * v[1];
    eddy_check("hvp vs analytic", hv[i], want);
    eddy_check("jvp(grad(fn<g>))", jg[i], want);
  }
  return eddy_summary();
}
// CHECK: ALL OK

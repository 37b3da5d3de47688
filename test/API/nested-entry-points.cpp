// Every entry point of eddy.hpp as the inner request of eddy::derivative,
// with an inner lambda that captures by reference what the outer lambda
// captured (a pointer read from the outer request's constant closure), and
// with a stateless inner callable. Each derivative is checked against the
// analytic one, at every -O level (%levels also compares the levels' output).
// Before, hessian, hessian_diagonal, hvp and jacobian nested this way were
// refused at -O0 only ("a pointer to memory that is not differentiated is
// stored into differentiated memory": a local count captured by eddy.hpp's
// own [&] lambdas, and f's address held next to active data).
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>

using P = std::array<double, 2>;
// g(p) = p0^2 p1 + sin(p1) + p0 p1^3, whose Hessian is
// [[2 p1, 2 p0 + 3 p1^2], [2 p0 + 3 p1^2, -sin(p1) + 6 p0 p1]].
static double g(const P &p) { return p[0] * p[0] * p[1] + std::sin(p[1]) + p[0] * p[1] * p[1] * p[1]; }

int main() {
  const double y = 1.3;   // captured by both lambdas, by reference
  const P p{0.8, -1.1};   // the outer lambda varies p0 = x, keeps p1
  const double x0 = p[0], p1 = p[1];

  // d/dx of y * d/dt g(t, p1) at t = x: y * 2 p1.
  eddy_check("derivative [&]",
             eddy::derivative([&](double x) {
               return eddy::derivative([&](double t) { return y * g(P{t, p1}); }, x);
             }, x0),
             y * 2 * p1);
  eddy_check("jvp [&]",
             eddy::derivative([&](double x) {
               return eddy::jvp([&](const P &r) { return y * g(r); }, eddy::dual(P{x, p1}, P{1.0, 0.0})).tangent;
             }, x0),
             y * 2 * p1);
  // d/dx of y * dg/dp1 = y (x^2 + cos p1 + 3 x p1^2): y (2 x + 3 p1^2).
  eddy_check("gradient [&]",
             eddy::derivative([&](double x) {
               return eddy::gradient([&](const P &r) { return y * g(r); }, P{x, p1})[1];
             }, x0),
             y * (2 * x0 + 3 * p1 * p1));
  eddy_check("vjp [&]",
             eddy::derivative([&](double x) {
               return eddy::vjp([&](const P &r) { return y * g(r); }, 1.0, P{x, p1})[0];
             }, x0),
             y * 2 * p1);
  // J of r -> (y r0^2, r0 r1): d/dx J00 = 2 y, d/dx J11 = 1.
  eddy_check("jacobian [&] J00",
             eddy::derivative([&](double x) {
               return eddy::jacobian([&](const P &r) { return P{y * r[0] * r[0], r[0] * r[1]}; }, P{x, p1})[0][0];
             }, x0),
             2 * y);
  eddy_check("jacobian [&] J11",
             eddy::derivative([&](double x) {
               return eddy::jacobian([&](const P &r) { return P{y * r[0] * r[0], r[0] * r[1]}; }, P{x, p1})[1][1];
             }, x0),
             1.0);
  eddy_check("hessian [&]",
             eddy::derivative([&](double x) {
               return eddy::hessian([&](const P &r) { return y * g(r); }, P{x, p1})[0][1];
             }, x0),
             2 * y);
  eddy_check("hessian_diagonal [&]",
             eddy::derivative([&](double x) {
               return eddy::hessian_diagonal([&](const P &r) { return y * g(r); }, P{x, p1})[1];
             }, x0),
             6 * y * p1);
  eddy_check("hvp [&]",
             eddy::derivative([&](double x) {
               return eddy::hvp([&](const P &r) { return y * g(r); }, P{x, p1}, P{0.0, 1.0})[0];
             }, x0),
             2 * y);

  // Stateless inner callables: eddy::fn<g>, a captureless lambda.
  eddy_check("hessian fn<g>",
             eddy::derivative([](double x) { return eddy::hessian(eddy::fn<g>, P{x, -1.1})[0][1]; }, x0),
             2.0);
  eddy_check("hvp fn<g>",
             eddy::derivative([](double x) { return eddy::hvp(eddy::fn<g>, P{x, -1.1}, P{1.0, 0.0})[1]; }, x0),
             2.0);
  eddy_check("jacobian []",
             eddy::derivative([](double x) {
               return eddy::jacobian([](const P &r) { return P{r[0] * r[0], r[1]}; }, P{x, -1.1})[0][0];
             }, x0),
             2.0);
  return eddy_summary();
}
// CHECK: ALL OK

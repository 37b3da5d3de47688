// Forward over reverse with the outer variable passed to the inner gradient
// as eddy::constant: d/dy of df/dx. It crashed at -O1 only: InstCombine
// stored the reference to y held in a std::tuple as an integer, and the
// pointer read back had a null shadow (Canonicalize.cpp,
// storePointersAsPointers). Reference: the analytic mixed partial.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

static double f(double x, double y) { return std::sin(x * y) + x * x * y; }
static double f_xy(double x, double y) { return std::cos(x * y) - x * y * std::sin(x * y) + 2 * x; }

int main() {
  const double x = 0.5;
  double y = 2.0; // Not const: nothing folds it away.
  eddy_check("d/dy grad_x f, eddy::constant(y)",
             eddy::derivative([](double yy, double xx) {
               return eddy::gradient(eddy::fn<f>, xx, eddy::constant(yy));
             }, y, x),
             f_xy(x, y));
  eddy_check("d/dy grad_x f, plain y",
             eddy::derivative([](double yy, double xx) {
               return eddy::gradient(eddy::wrt<0>, eddy::fn<f>, xx, yy);
             }, y, x),
             f_xy(x, y));
  return eddy_summary();
}
// CHECK: ALL OK

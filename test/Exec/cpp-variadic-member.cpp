// C-variadic functions that never read their `...` arguments (no va_start),
// called with active values, among them a member function (Clad's
// mem_fn_with_var_arg_list): differentiated as functions of their named
// parameters. At -O1 and above they were inlined and accepted; at -O0 the
// call was refused. Functions that do read them with va_arg are refused at
// every level (test/Refusals/refuse-variadic-va-arg.cpp).
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>

#define TOL EDDY_RTOL_EXACT, EDDY_ATOL_EXACT

struct Simple {
  double x, y;
  double mem_fn_with_var_arg_list(double i, double j, ...) { return (x + y) * i + i * j * j; }
};

static double trailing(double a, ...) { return std::sin(a) * a; }

// The variadic arguments depend on the inputs too; they are never read.
static double calls_member(double i, double j) {
  Simple s{2.0, 3.0};
  return s.mem_fn_with_var_arg_list(i, j, i * j, 7);
}
static double calls_free(double a, double b) { return trailing(a * b, a, b) + b; }

int main() {
  double i = 1.5, j = -2.0;
  auto g = eddy::gradient(eddy::fn<calls_member>, i, j);
  eddy_check_tol("member.rev.di", std::get<0>(g), 5 + j * j, TOL);
  eddy_check_tol("member.rev.dj", std::get<1>(g), 2 * i * j, TOL);
  eddy_check_tol("member.fwd.di",
                 eddy::derivative(eddy::fn<calls_member>, i, eddy::constant(j)), 5 + j * j, TOL);
  // The member function itself, named as eddy::fn, its object held fixed.
  Simple s{2.0, 3.0};
  auto gm = eddy::gradient(eddy::fn<&Simple::mem_fn_with_var_arg_list>, eddy::constant(s), i, j);
  eddy_check_tol("method.rev.di", std::get<0>(gm), 5 + j * j, TOL);
  eddy_check_tol("method.rev.dj", std::get<1>(gm), 2 * i * j, TOL);
  double a = 0.8, b = 1.3, p = a * b;
  double dp = std::cos(p) * p + std::sin(p);
  eddy_check_tol("free.rev.da",
                 __enzyme_autodiff((void *)calls_free, a, enzyme_const, b), dp * b, TOL);
  eddy_check_tol("free.fwd.db",
                 __enzyme_fwddiff((void *)calls_free, a, 0.0, b, 1.0), dp * a + 1, TOL);
  return eddy_summary();
}

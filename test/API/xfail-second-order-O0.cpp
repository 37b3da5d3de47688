// XFAIL: *
// eddy::hvp at -O0: refused by Eddy ("a value that depends on the
// differentiated inputs is stored into or read from memory that is not
// differentiated", while differentiating the lambda). Its first C reduction,
// test/API/nested-call-O0.c, passes now; this form does not yet. Passes at
// -O2 (test/API/second-order.cpp).
//
// RUN: %eddy-clangxx -std=c++17 -O0 -I%S/../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"

int main() {
  double x[2] = {0.5, 2.0}, v[2] = {1.0, 0.0};
  auto f = [](const double *u) { return u[0] * u[1] * u[1]; };
  auto hv = eddy::hvp(f, eddy::ptr(x, 2), v);
  eddy_check("hvp[0]", hv[0], 0.0);
  eddy_check("hvp[1]", hv[1], 4.0);
  return eddy_summary();
}

// CHECK: ALL OK

// XFAIL: *
// eddy::hvp at -O0: refused by Eddy ("a value that depends on the
// differentiated inputs is stored into or read from memory that is not
// differentiated", while differentiating the lambda). Cause: at -O0 the
// trampoline gets f's array through eddy::detail::access<ptr_t>::pass, whose
// reverse-mode augmented function returns the pointer and its shadow as one
// {ptr, ptr} struct; forward mode over the gradient does not give shadows to
// pointers returned inside a struct (activity analysis treats a struct of
// pointers as carrying nothing), so the lambda's adjoint receives its
// gradient array without a shadow. Its C reduction, test/API/nested-call-O0.c,
// passes; -O2 passes (test/API/second-order.cpp).
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

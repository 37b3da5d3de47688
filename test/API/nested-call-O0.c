// Forward over reverse (a Hessian-vector product) at -O0 (and every other level), when the function
// differentiated in reverse mode calls another function passing it a
// constant pointer (here loaded from enzyme_const memory, as the C++ API's
// trampoline passes the callable object `this`). The loaded pointer crosses
// from f's forward sweep to its adjoint in f's once-per-call record. That
// record used to be on the tape, which the forward sweep over the gradient
// treats as differentiated memory, and Eddy refused the program ("a pointer
// to memory that is not differentiated is stored into differentiated
// memory"); the gradient now keeps its own pair's record in a local. The C++
// form is test/API/second-order-O0.cpp.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static double g(const double *k, const double *u) { return k[0] * u[0] * u[1] * u[1]; }
static double f(const double *const *c, const double *u) { return g(*c, u); }

static const double one = 1.0;
static const double *const cst = &one;

static void grad(const double *x, double *gr) {
  __enzyme_autodiff_void((void *)f, enzyme_const, &cst, x, gr);
}

int main(void) {
  double x[2] = {0.5, 2.0}, v[2] = {1.0, 0.0}, gr[2] = {0, 0}, hv[2] = {0, 0};
  __enzyme_fwddiff_void((void *)grad, x, v, gr, hv);
  // H = [[0, 2 u1], [2 u1, 2 u0]]; H e0 = (0, 4).
  eddy_check("hvp[0]", hv[0], 0.0);
  eddy_check("hvp[1]", hv[1], 4.0);
  return eddy_summary();
}

// CHECK: ALL OK

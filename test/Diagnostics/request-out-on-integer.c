// enzyme_out is for floating-point scalars; integers are not differentiated.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double power(double x, int n) { return n * x; }

double grad(double x) {
  return __enzyme_autodiff((void *)power, x, enzyme_out, 3); // expected-error {{'enzyme_out' cannot mark integer parameter 'n' of 'power'; integers are not differentiated: use enzyme_const}}
}

// Integers have no shadow.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double power(double x, int n) { return n * x; }

double grad(double x) {
  int n = 3, dn = 0;
  return __enzyme_autodiff((void *)power, x, enzyme_dup, n, dn); // expected-error {{'enzyme_dup' cannot mark integer parameter 'n' of 'power': integers are not differentiated; use enzyme_const}}
}

// Variadic functions cannot be differentiated.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double total(int n, ...);

double grad(double x) {
  return __enzyme_autodiff((void *)total, 1, x); // expected-error {{cannot differentiate variadic function 'total'}}
}

// Variadic arguments are not converted: an integer literal for a double
// parameter would be passed as an int.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(void) {
  return __enzyme_autodiff((void *)square, 2); // expected-error {{argument for parameter 'x' of 'square' is an integer, but a floating-point value is expected; variadic arguments are not converted: write a floating-point literal such as 2.0}}
}

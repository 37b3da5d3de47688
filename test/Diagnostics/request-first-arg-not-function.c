// The first argument is a data pointer, not a function.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double grad(double *x, double *dx) {
  return __enzyme_autodiff(x, dx, 1.0); // expected-error {{the first argument of a derivative request must name the function to differentiate}}
}

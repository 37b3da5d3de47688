// In reverse mode a floating-point scalar's adjoint is returned, not written
// to a shadow.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double square(double x) { return x * x; }

void grad(double x, double *dx) {
  __enzyme_autodiff_void((void *)square, enzyme_dupnoneed, x, dx); // expected-error {{'enzyme_dupnoneed' cannot mark floating-point parameter 'x' of 'square' in reverse mode: its adjoint is returned (enzyme_out)}}
}

// The shadow of a pointer parameter must be a pointer.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double first(double *x) { return x[0]; }

void grad(double *x, double dx) {
  __enzyme_autodiff_void((void *)first, x, dx); // expected-error {{argument for the shadow of parameter 'x' of 'first' is a floating-point value, but a pointer is expected}}
}

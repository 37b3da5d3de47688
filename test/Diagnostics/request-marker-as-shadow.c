// A forgotten shadow makes the next marker land in the shadow's place.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double scale(double *x, double k) { return x[0] * k; }

void grad(double *x, double k) {
  __enzyme_autodiff_void((void *)scale, enzyme_dup, x, enzyme_const, k); // expected-error {{expected the shadow of parameter 'x' of 'scale', found activity marker 'enzyme_const'; a marker precedes the argument it marks}}
}

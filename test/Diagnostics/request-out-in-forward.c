// enzyme_out is a reverse-mode marker; forward mode takes a tangent.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double tangent(double x) {
  return __enzyme_fwddiff((void *)square, enzyme_out, x); // expected-error {{'enzyme_out' cannot be used in forward mode: parameter 'x' of 'square' takes a tangent instead (enzyme_dup x, dx)}}
}

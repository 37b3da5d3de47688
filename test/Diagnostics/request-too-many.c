// Extra arguments are reported at the first one that is not consumed.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double square(double x) { return x * x; } // #square

double grad(double x) {
  return __enzyme_autodiff((void *)square, x, 2.0); // expected-error {{too many arguments in derivative request for 'square': it takes 1 after the function, got 2}}
  // expected-note@#square {{'square' declared here with 1 parameter}}
}

// A request in a template is checked in its instantiation, where types are
// known, and reported once even if instantiated several times.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double mul(double x, double y) { return x * y; } // #mul

template <typename T> double gradAt(T x) {
  return __enzyme_autodiff((void *)mul, x); // expected-error {{derivative request for 'mul' needs 2 arguments after the function, got 1}}
  // expected-note@#mul {{no argument left for parameter 'y'}}
  // expected-note@#mul {{'mul' declared here with 2 parameters}}
}

double use(double x) { return gradAt(x) + gradAt(1.0f); }

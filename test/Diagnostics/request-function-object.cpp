// Function objects are refused with the remedy: pass a plain function.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

struct Square {
  double operator()(double v) const { return v * v; }
};
Square TheSquare;

double grad(double x) {
  return __enzyme_autodiff((void *)&TheSquare, x); // expected-error {{a function object cannot be differentiated directly: pass a plain function}}
}

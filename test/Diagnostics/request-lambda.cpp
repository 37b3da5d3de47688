// Lambdas are refused with the remedy: pass a plain function.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double grad(double x) {
  auto Square = [](double v) { return v * v; };
  double A = __enzyme_autodiff((void *)+Square, x); // expected-error {{a lambda cannot be differentiated directly: pass a plain function}}
  double B = __enzyme_autodiff((void *)+[](double v) { return v; }, x); // expected-error {{a lambda cannot be differentiated directly: pass a plain function}}
  return A + B;
}

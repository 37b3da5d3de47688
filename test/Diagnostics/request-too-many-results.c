// A reverse request declared to return one double carries one adjoint; two
// active scalars need a struct-returning entry point (or void).
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double mul(double x, double y) { return x * y; }

double grad(double x, double y) {
  return __enzyme_autodiff((void *)mul, x, y); // expected-error {{this request returns one value, but 'mul' gives 2 adjoints (2 active scalar arguments x width 1); declare an entry point that returns a struct with one member each, or void}}
}

// A global named like a marker but not one of them is a typo.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

extern int enzyme_active;

double mul(double x, double y) { return x * y; }

double grad(double x, double y) {
  return __enzyme_autodiff((void *)mul, enzyme_active, x, y); // expected-error {{unknown activity marker 'enzyme_active'; the markers are enzyme_const, enzyme_dup, enzyme_dupnoneed, enzyme_out}}
}

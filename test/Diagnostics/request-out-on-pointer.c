// enzyme_out is for active scalars; a pointer's adjoint needs a shadow.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double first(double *x) { return x[0]; }

double grad(double *x) {
  return __enzyme_autodiff((void *)first, enzyme_out, x); // expected-error {{'enzyme_out' cannot mark pointer parameter 'x' of 'first'; use enzyme_dup with a shadow to receive its adjoint}}
}

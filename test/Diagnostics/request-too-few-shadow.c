// Pointers are enzyme_dup by default: value, then shadow. A missing shadow is
// reported at the request, with notes at the parameter and the function.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double sum(double *x, int n) { // #sum
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i];
  return s;
}

void grad(double *x, int n) {
  __enzyme_autodiff_void((void *)sum, x, n); // expected-error {{derivative request for 'sum' needs 3 arguments after the function, got 2}}
  // expected-note@#sum {{no argument left for parameter 'n'}}
  // expected-note@#sum {{'sum' declared here with 2 parameters}}
}

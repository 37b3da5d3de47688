// Well-formed requests in C: defaults, every marker, casts and parentheses.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
// expected-no-diagnostics
#include "eddy/eddy.h"

double f(double x, double *y, int n, float z) { return x * y[0] * n * z; }

void requests(double x, double *y, double *dy, int n, float z) {
  __enzyme_autodiff((void *)f, x, y, dy, n, z);
  __enzyme_autodiff((void *)(f), enzyme_const, x, enzyme_dup, y, dy,
                    enzyme_const, n, enzyme_out, z);
  __enzyme_autodiff(f, enzyme_out, x, enzyme_dupnoneed, y, dy, n, z);
  __enzyme_fwddiff((void *)&f, x, 1.0, y, dy, n, z, 0.0f);
  __enzyme_fwddiff((void *)f, enzyme_const, x, y, dy, n, enzyme_dup, z, 1.0f);
}

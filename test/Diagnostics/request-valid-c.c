// Well-formed requests in C: defaults, every marker, casts and parentheses.
// The IR pass accepts them too (compiled, not only parsed).
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
// RUN: %eddy-clang -O0 -c %s -o %t.o
// RUN: %eddy-clang -O1 -c %s -o %t.o
// RUN: %eddy-clang -O2 -c %s -o %t.o
// RUN: %eddy-clang -O3 -c %s -o %t.o
// expected-no-diagnostics
#include "eddy/eddy.h"

typedef struct {
  double dx;
  double dz;
} Grad2;
Grad2 __enzyme_autodiff_xz(void *, ...);

double f(double x, double *y, int n, double z) { return x * y[0] * n * z; }

double requests(double x, double *y, double *dy, int n, double z) {
  Grad2 g = __enzyme_autodiff_xz((void *)f, x, y, dy, n, z);
  __enzyme_autodiff_void((void *)(f), enzyme_const, x, enzyme_dup, y, dy,
                         enzyme_const, n, enzyme_out, z);
  double r = __enzyme_autodiff(f, enzyme_out, x, enzyme_dupnoneed, y, dy, n,
                               enzyme_const, z);
  r += __enzyme_fwddiff((void *)&f, x, 1.0, y, dy, n, z, 0.0);
  r += __enzyme_fwddiff((void *)f, enzyme_const, x, y, dy, n, enzyme_dup, z,
                        1.0);
  return r + g.dx + g.dz;
}

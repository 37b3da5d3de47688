// Vector mode (enzyme_width N): N tangents (forward) or N shadows (reverse)
// follow each active argument; the width must be a constant in 1..64.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double mul(double x, double y) { return x * y; } // #mul
double dot(const double *a, const double *b, int n) { // #dot
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * b[i];
  return s;
}
typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_t2(void *, ...);

void requests(double x, double y, int n) {
  T2 ok = __enzyme_fwddiff_t2((void *)mul, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
  (void)ok;
  __enzyme_fwddiff_t2((void *)mul, enzyme_width, 2, x, 1.0, y, 0.0, 1.0); // expected-error {{derivative request for 'mul' needs 8 arguments after the function, got 7}}
  // expected-note@#mul {{no argument left for the tangent of parameter 'y'; in forward mode a floating-point argument is followed by its tangent}}
  // expected-note@#mul {{'mul' declared here with 2 parameters}}
  __enzyme_fwddiff_t2((void *)mul, enzyme_width, n, x, 1.0, 0.0, y, 0.0, 1.0); // expected-error {{'enzyme_width' must be followed by a constant width between 1 and 64}}
  __enzyme_fwddiff_t2((void *)mul, enzyme_width, 0, x, y); // expected-error {{'enzyme_width' must be followed by a constant width between 1 and 64}}
  double *p = 0, *s0 = 0, *s1 = 0;
  __enzyme_autodiff((void *)dot, enzyme_width, 2, p, s0, s1, p, s0, s1, n);
  __enzyme_autodiff((void *)dot, enzyme_width, 2, p, s0, p, s0, s1, n); // expected-error {{derivative request for 'dot' needs 9 arguments after the function, got 8}}
  // expected-note@#dot {{no argument left for parameter 'n'}}
  // expected-note@#dot {{'dot' declared here with 3 parameters}}
  __enzyme_autodiff((void *)mul, enzyme_width, 2, x, y); // expected-error {{this request returns one value, but 'mul' gives 4 adjoints (2 active scalar arguments x width 2); declare an entry point that returns a struct with one member each, or void}}
}

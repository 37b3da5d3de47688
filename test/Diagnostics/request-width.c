// Vector mode (enzyme_width N): N tangents follow each active argument; the
// width must be a constant in 1..64 and is a forward-mode feature.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double mul(double x, double y) { return x * y; } // #mul
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
  __enzyme_autodiff((void *)mul, enzyme_width, 2, x, y); // expected-error {{'enzyme_width' (vector mode) is available in forward mode only; request one gradient per cotangent}}
}

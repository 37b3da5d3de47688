// In forward mode a floating-point argument is followed by its tangent.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double cube(double x) { return x * x * x; } // #cube

double tangent(double x) {
  return __enzyme_fwddiff((void *)cube, x); // expected-error {{derivative request for 'cube' needs 2 arguments after the function, got 1}}
  // expected-note@#cube {{no argument left for the tangent of parameter 'x'; in forward mode a floating-point argument is followed by its tangent}}
  // expected-note@#cube {{'cube' declared here with 1 parameter}}
}

// A local or const function pointer initialized with a function (e.g. to pick
// an overload) names that function; its arguments are checked against it.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double shape(double x) { return x * x; }
double shape(double x, double y) { return x * y; } // #two

double (*const Fixed)(double) = shape;

double grad(double x) {
  auto *One = static_cast<double (*)(double)>(shape);
  auto *Two = static_cast<double (*)(double, double)>(shape);
  double r = __enzyme_autodiff((void *)One, x);
  r += __enzyme_autodiff((void *)Fixed, x);
  r += __enzyme_autodiff((void *)Two, x); // expected-error {{derivative request for 'shape' needs 2 arguments after the function, got 1}}
  // expected-note@#two {{no argument left for parameter 'y'}}
  // expected-note@#two {{'shape' declared here with 2 parameters}}
  return r;
}

double viaParameter(double (*F)(double), double x) {
  return __enzyme_autodiff((void *)F, x); // expected-error {{the first argument of a derivative request must name the function to differentiate}}
}

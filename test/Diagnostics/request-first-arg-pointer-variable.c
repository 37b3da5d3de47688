// A request must name the function to differentiate; a function pointer
// variable is only known at run time.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double square(double x) { return x * x; }
double (*Chosen)(double) = square;

double grad(double x) {
  return __enzyme_autodiff((void *)Chosen, x); // expected-error {{the first argument of a derivative request must name the function to differentiate}}
}

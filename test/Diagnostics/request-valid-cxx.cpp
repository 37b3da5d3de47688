// Well-formed requests in C++: &marker, static members, template wrappers
// (checked per instantiation) and user-declared entry point templates.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
// expected-no-diagnostics
#include "eddy/eddy.h"

struct Model {
  static double energy(double x, const double *w) { return x * w[0]; }
};
template <typename T> T square(T x) { return x * x; }
template <auto F, typename... Args> double grad(Args... A) {
  return __enzyme_autodiff((void *)F, A...);
}
template <typename R, typename... Args> R __enzyme_autodiff_as(void *, Args...);

double requests(double x, const double *w, double *dw) {
  double r = __enzyme_autodiff((void *)Model::energy, &enzyme_out, x,
                               &enzyme_dup, w, dw);
  r += grad<square<double>>(x);
  r += __enzyme_autodiff_as<double>((void *)square<double>, x);
  return r;
}

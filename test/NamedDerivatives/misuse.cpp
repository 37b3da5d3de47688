// C++-only misuse of named derivatives: each is an error at the declaration
// (naming a non-static member function is already an error in Clang)
// that says what to write instead. A specialization of a function template
// is accepted.
// RUN: %eddy-clangxx -fsyntax-only -Xclang -verify %s
#include <eddy/eddy.h>

template <class T> T sq(T x) { return x * x; }
struct Body {
  double m;
  double energy(double v) const { return 0.5 * m * v * v; }
  static double potential(double h) { return 9.81 * h; }
  // expected-error@+1 {{'energy_grad' is a member function; a named derivative must be a free function}}
  void energy_grad(double v, double *d_v) EDDY_GRADIENT_OF(potential);
};

void sq_grad(double x, double *d_x) EDDY_GRADIENT_OF(sq<double>);
void potential_grad(double h, double *d_h) EDDY_GRADIENT_OF(Body::potential);
// expected-error@+1 {{call to non-static member function without an object argument}}
void body_grad(double v, double *d_v) EDDY_GRADIENT_OF(Body::energy);
// expected-error@+1 {{a named derivative is one function: declare it as a non-template function and name one specialization of the template, e.g. EDDY_GRADIENT_OF(f<double>)}}
template <class T> void sq_grad_t(T x, T *d_x) EDDY_GRADIENT_OF(sq<T>);
// expected-error@+1 {{'eddy_gradient_of' takes the function it differentiates}}
void sq_grad_bare(double x, double *d_x) EDDY_GRADIENT_OF(sq);
// expected-error@+2 {{'sq_grad_float' is declared as the gradient of 'sq', but parameter 1 is double, expected float}}
// expected-note@8 {{'sq' declared here}}
void sq_grad_float(double x, double *d_x) EDDY_GRADIENT_OF(sq<float>);

// eddy.hpp's entry points with a function where a callable is expected: a
// name is rewritten as eddy::fn<name> (test/API/function-names.cpp); what is
// not a name is refused at the argument, an overloaded name gets an error
// saying how to choose one, and eddy::grad / eddy::vjp_split (whose result
// types hold the callable) ask for eddy::fn<f>. Each case compiled alone.
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVARIABLE %s 2>&1 | FileCheck --check-prefix=VARIABLE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DPARAMETER %s 2>&1 | FileCheck --check-prefix=PARAMETER %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DSELECTED %s 2>&1 | FileCheck --check-prefix=SELECTED %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DMEMBER_VARIABLE %s 2>&1 | FileCheck --check-prefix=MEMBER_VARIABLE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DOVERLOADED %s 2>&1 | FileCheck --check-prefix=OVERLOADED %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DTEMPLATE %s 2>&1 | FileCheck --check-prefix=TEMPLATE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DGRAD %s 2>&1 | FileCheck --check-prefix=GRAD %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DSPLIT %s 2>&1 | FileCheck --check-prefix=SPLIT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVIRTUAL %s 2>&1 | FileCheck --check-prefix=VIRTUAL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVIRTUAL_FN %s 2>&1 | FileCheck --check-prefix=VIRTUAL_FN %s
#include <eddy/eddy.hpp>

double cube(double x) { return x * x * x; }
double over(double x) { return x * x; }
float over(float x) { return x; }
template <class T> T sq(T x) { return x * x; }
struct Spring {
  double k;
  double energy(double x) const { return k * x * x; }
};

struct Shape {
  double k;
  virtual double area(double x) const { return k * x; }
  virtual ~Shape() = default;
};
struct Square : Shape {
  double area(double x) const override { return k * x * x; }
};

template <class Fn> double via_parameter(Fn f, double x) {
  // PARAMETER: callable-names.cpp:[[@LINE+1]]:25: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  return eddy::gradient(f, x);
}

// Called on a reference, the object's dynamic type is not known here (a
// variable of the class, or a final class or function, would be called
// directly: test/API/virtual-members.cpp).
#ifdef VIRTUAL
void virtual_on_reference(const Square &q) {
  // VIRTUAL: callable-names.cpp:[[@LINE+1]]:18: error: eddy: 'Square::area' is a virtual member function, and the object's dynamic type is not known here: a call through a pointer to it is dispatched at run time, which Eddy cannot differentiate; pass the object itself (a variable of its class), make the class or the function 'final', or call the override you mean directly, e.g. [](const Square &o, auto... a) { return o.Square::area(a...); }
  eddy::gradient(&Square::area, eddy::constant(q), 1.0);
}
#endif
#ifdef VIRTUAL_FN
void virtual_fn_on_reference(const Shape &q) {
  // VIRTUAL_FN: callable-names.cpp:[[@LINE+1]]:20: error: eddy: 'Shape::area' is a virtual member function, and the object's dynamic type is not known here: a call through a pointer to it is dispatched at run time, which Eddy cannot differentiate; pass the object itself (a variable of its class), make the class or the function 'final', or call the override you mean directly, e.g. [](const Shape &o, auto... a) { return o.Shape::area(a...); }
  eddy::derivative(eddy::fn<&Shape::area>, eddy::constant(q), 1.0);
}
#endif

int main(int argc, char **) {
#ifdef VARIABLE
  double (*p)(double) = argc > 1 ? &cube : nullptr;
  // VARIABLE: callable-names.cpp:[[@LINE+1]]:20: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  eddy::derivative(p, 1.0);
#endif
#ifdef PARAMETER
  via_parameter(cube, 1.0);
#endif
#ifdef SELECTED
  double (*p)(double, double) = nullptr;
  // SELECTED: callable-names.cpp:[[@LINE+1]]:32: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  eddy::gradient(eddy::wrt<0>, p, 1.0, 2.0);
#endif
#ifdef MEMBER_VARIABLE
  auto m = &Spring::energy;
  Spring s{2.0};
  // MEMBER_VARIABLE: callable-names.cpp:[[@LINE+1]]:18: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  eddy::gradient(m, eddy::constant(s), 1.0);
#endif
#ifdef OVERLOADED
  // OVERLOADED: callable-names.cpp:[[@LINE+2]]:3: error: no matching function for call to 'gradient'
  // OVERLOADED: callable-names.cpp:[[@LINE+1]]:18: error: eddy: 'over' names several overloaded functions, so eddy::gradient cannot tell which one to differentiate: choose one with a cast, e.g. static_cast<double (*)(double)>(over), or eddy::fn<static_cast<double (*)(double)>(over)>
  eddy::gradient(over, 1.0);
#endif
#ifdef TEMPLATE
  // TEMPLATE: callable-names.cpp:[[@LINE+1]]:20: error: eddy: 'sq' is a function template, so eddy::derivative cannot tell which specialization to differentiate: name one, e.g. sq<double>
  eddy::derivative(sq, 1.0);
#endif
#ifdef GRAD
  // GRAD: error: static assertion failed{{.*}}eddy::grad: a function name cannot be stored in a derivative object; write eddy::grad(eddy::fn<f>) or wrap f in a lambda
  auto d = eddy::grad(cube);
#endif
#ifdef SPLIT
  // SPLIT: error: static assertion failed{{.*}}eddy::vjp_split: pass a function as eddy::fn<f> or a lambda (the pullback's type holds the callable's)
  eddy::vjp_split(cube, 1.0);
#endif
#ifdef VIRTUAL
  Square q;
  q.k = 2.0;
  virtual_on_reference(q);
#endif
#ifdef VIRTUAL_FN
  Square q;
  q.k = 2.0;
  virtual_fn_on_reference(q);
#endif
  return 0;
}

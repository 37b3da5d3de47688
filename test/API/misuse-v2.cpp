// Misuse of eddy::wrt and eddy::grad is a compile error with a readable
// static_assert message (each case compiled alone, selected with -D).
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_RANGE %s 2>&1 | FileCheck --check-prefix=WRT_RANGE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_ORDER %s 2>&1 | FileCheck --check-prefix=WRT_ORDER %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_EMPTY %s 2>&1 | FileCheck --check-prefix=WRT_EMPTY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_INT %s 2>&1 | FileCheck --check-prefix=WRT_INT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_JAC_RANGE %s 2>&1 | FileCheck --check-prefix=WRT_RANGE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_HESS_RANGE %s 2>&1 | FileCheck --check-prefix=WRT_RANGE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_HESS_TWO %s 2>&1 | FileCheck --check-prefix=WRT_HESS_TWO %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DWRT_HVP_TWO %s 2>&1 | FileCheck --check-prefix=WRT_HESS_TWO %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DGRAD_NESTED_ARGS %s 2>&1 | FileCheck --check-prefix=GRAD_NESTED_ARGS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DGRAD_NESTED_WRT %s 2>&1 | FileCheck --check-prefix=GRAD_NESTED_WRT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DGRAD_CALL %s 2>&1 | FileCheck --check-prefix=GRAD_CALL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVEC_SPLIT %s 2>&1 | FileCheck --check-prefix=VEC_SPLIT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVEC_GRADIENT %s 2>&1 | FileCheck --check-prefix=VEC_GRADIENT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVEC_COTANGENT %s 2>&1 | FileCheck --check-prefix=VEC_COTANGENT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVEC_INT %s 2>&1 | FileCheck --check-prefix=VEC_INT %s
#include <eddy/eddy.hpp>
#include <array>
#include <vector>

static double f3(double x, double y, double z) { return x * y * z; }
static double fi(double x, int n) { return x * n; }
static double g1(double x) { return x * x * x; }
static std::vector<double> vf(double x) { return {x, x * x}; }
static std::vector<int> vi(double x) { return {int(x)}; }

int main() {
#ifdef WRT_RANGE
  // WRT_RANGE: error: static assertion failed{{.*}}eddy::wrt: an argument index is out of range (f's arguments are counted from 0)
  eddy::gradient(eddy::wrt<3>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_JAC_RANGE
  eddy::jacobian(eddy::wrt<0, 5>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_HESS_RANGE
  eddy::hessian(eddy::wrt<7>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_ORDER
  // WRT_ORDER: error: static assertion failed{{.*}}eddy::wrt: list the argument indices in increasing order, each once
  eddy::gradient(eddy::wrt<2, 0>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_EMPTY
  // WRT_EMPTY: error: static assertion failed{{.*}}eddy::wrt: name at least one argument index
  eddy::value_and_gradient(eddy::wrt<>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_INT
  // WRT_INT: error: static assertion failed{{.*}}eddy::wrt: a selected argument must be a float/double, a std::array/std::vector of them, an eddy::ptr array, a trivially copyable struct or an eddy::dual
  eddy::gradient(eddy::wrt<1>, fi, 1.0, 3);
#endif
#ifdef WRT_HESS_TWO
  // WRT_HESS_TWO: error: static assertion failed{{.*}}eddy::hessian / eddy::hvp: eddy::wrt takes one argument index here; for several variables, pass them in one std::array
  eddy::hessian(eddy::wrt<0, 1>, f3, 1.0, 2.0, 3.0);
#endif
#ifdef WRT_HVP_TWO
  eddy::hvp(eddy::wrt<0, 1>, f3, 1.0, 1.0, 2.0, 3.0);
#endif
#ifdef GRAD_NESTED_ARGS
  // GRAD_NESTED_ARGS: error: static assertion failed{{.*}}eddy::grad(eddy::grad(g)): the nested gradient takes one float/double argument; for several variables use eddy::hessian(g, x)
  auto h = eddy::grad(eddy::grad([](double x, double y) { return x * y; }));
  h(1.0, 2.0);
#endif
#ifdef GRAD_NESTED_WRT
  // GRAD_NESTED_WRT: error: static assertion failed{{.*}}eddy::grad(eddy::wrt<...>, eddy::grad(g)): a nested gradient takes one float/double argument; leave out eddy::wrt
  eddy::grad(eddy::wrt<0>, eddy::grad(eddy::fn<g1>));
#endif
#ifdef GRAD_CALL
  // GRAD_CALL: error: static assertion failed{{.*}}eddy::gradient / eddy::vjp: f cannot be called with these arguments (check their number and types)
  auto dg = eddy::grad(eddy::fn<g1>);
  dg(1.0, 2.0);
#endif
#ifdef VEC_SPLIT
  // VEC_SPLIT: error: static assertion failed{{.*}}eddy::vjp_split: f must return a float/double, a std::array of them or a trivially copyable struct
  eddy::vjp_split(eddy::fn<vf>, 1.0);
#endif
#ifdef VEC_GRADIENT
  // VEC_GRADIENT: error: static assertion failed{{.*}}eddy::gradient: f must return one float or double; for several outputs use eddy::vjp or eddy::jacobian
  eddy::gradient(vf, 1.0);
#endif
#ifdef VEC_COTANGENT
  // VEC_COTANGENT: error: static assertion failed{{.*}}eddy::vjp: the cotangent must have the type of f's result
  eddy::vjp(vf, std::array<double, 2>{1, 1}, 1.0);
#endif
#ifdef VEC_INT
  // VEC_INT: error: static assertion failed{{.*}}eddy::jvp: f must return a float/double, a std::array or std::vector of them, a trivially copyable struct, or void
  eddy::jvp(vi, eddy::dual(1.0, 1.0));
#endif
  return 0;
}

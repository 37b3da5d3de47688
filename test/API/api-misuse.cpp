// Misuse of eddy::derivative<N>, eddy::hessian_diagonal and
// eddy::check_gradient is a compile error: a static_assert with the exact
// message below, and a note at the call in the user's code (each case
// compiled alone, selected with -D).
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_ZERO %s 2>&1 | FileCheck --check-prefix=D_ZERO %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_BIG %s 2>&1 | FileCheck --check-prefix=D_BIG %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_INT %s 2>&1 | FileCheck --check-prefix=D_INT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_DUAL %s 2>&1 | FileCheck --check-prefix=D_DUAL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_STATE %s 2>&1 | FileCheck --check-prefix=D_STATE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_PTR %s 2>&1 | FileCheck --check-prefix=D_PTR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_FNPTR %s 2>&1 | FileCheck --check-prefix=D_FNPTR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_ARITY %s 2>&1 | FileCheck --check-prefix=D_ARITY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DD_RESULT %s 2>&1 | FileCheck --check-prefix=D_RESULT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHD_RESULT %s 2>&1 | FileCheck --check-prefix=HD_RESULT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHD_VAR %s 2>&1 | FileCheck --check-prefix=HD_VAR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHD_DUAL %s 2>&1 | FileCheck --check-prefix=HD_DUAL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHD_ARITY %s 2>&1 | FileCheck --check-prefix=HD_ARITY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_RESULT %s 2>&1 | FileCheck --check-prefix=CG_RESULT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_STRUCT %s 2>&1 | FileCheck --check-prefix=CG_STRUCT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_DUAL %s 2>&1 | FileCheck --check-prefix=CG_DUAL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_NONE %s 2>&1 | FileCheck --check-prefix=CG_NONE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_ARITY %s 2>&1 | FileCheck --check-prefix=CG_ARITY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DCG_FNPTR %s 2>&1 | FileCheck --check-prefix=CG_FNPTR %s
#include <eddy/eddy.hpp>
#include <array>
#include <vector>

double ext(double x);
struct Vec2 {
  double x, y;
};

int main() {
  auto f1 = [](double x) { return x * x * x; };
  auto f2 = [](double x, double y) { return x * y; };
#ifdef D_ZERO
  // D_ZERO: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: N must be at least 1 (the 0-th derivative is f itself){{$}}
  // D_ZERO: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<0>(f1, 1.0);
#endif
#ifdef D_BIG
  // D_BIG: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: N is at most eddy::max_derivative_order (6): each order doubles the generated code; nest eddy::derivative<N> calls for more{{$}}
  // D_BIG: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<7>(f1, 1.0);
#endif
#ifdef D_INT
  // D_INT: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: the variable (first argument) must be a float or double, e.g. 2.0 rather than 2{{$}}
  // D_INT: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<2>(f1, 2);
#endif
#ifdef D_DUAL
  // D_DUAL: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: the arguments after x are held fixed; eddy::dual and eddy::output are not used here{{$}}
  // D_DUAL: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<2>(f2, 1.0, eddy::dual(2.0, 1.0));
#endif
#ifdef D_STATE
  // D_STATE: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: for N >= 2, f must have no state (a captureless lambda, eddy::fn<f> or an empty function object): pass what it captures as arguments after x{{$}}
  // D_STATE: api-misuse.cpp:[[@LINE+2]]:{{[0-9]+}}: note: in instantiation of
  double a = 2;
  eddy::derivative<2>([&](double x) { return a * x * x; }, 1.0);
#endif
#ifdef D_PTR
  // D_PTR: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: for N >= 2, the arguments after x must be numbers or std::arrays of numbers (plain or eddy::constant): each level copies them{{$}}
  // D_PTR: api-misuse.cpp:[[@LINE+2]]:{{[0-9]+}}: note: in instantiation of
  std::vector<double> v{1, 2};
  eddy::derivative<2>([](double x, const std::vector<double> &c) { return c[0] * x; }, 1.0, v);
#endif
#ifdef D_FNPTR
  // A function name is accepted (test/API/function-names-v2.cpp); a pointer
  // variable is refused by the plugin at the argument.
  double (*fp)(double) = &ext;
  // D_FNPTR: api-misuse.cpp:[[@LINE+1]]:23: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  eddy::derivative<2>(fp, 1.0);
#endif
#ifdef D_ARITY
  // D_ARITY: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: f cannot be called with these arguments (check their number and types){{$}}
  // D_ARITY: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<2>(f2, 1.0);
#endif
#ifdef D_RESULT
  // D_RESULT: error: static assertion failed due to requirement '{{.+}}': eddy::derivative<N>: f must return a float/double, a std::array of them or a trivially copyable struct{{$}}
  // D_RESULT: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::derivative<2>([](double x) { return std::vector<double>{x}; }, 1.0);
#endif
#ifdef HD_RESULT
  // HD_RESULT: error: static assertion failed due to requirement '{{.+}}': eddy::hessian_diagonal: f must return one float or double{{$}}
  // HD_RESULT: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::hessian_diagonal([](const std::array<double, 2> &x) { return x; }, std::array<double, 2>{1, 2});
#endif
#ifdef HD_VAR
  // HD_VAR: error: static assertion failed due to requirement '{{.+}}': eddy::hessian_diagonal: the variable (first argument) must be a float/double, a std::array/std::vector of them or an eddy::ptr array{{$}}
  // HD_VAR: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::hessian_diagonal([](int n) { return 1.0 * n; }, 3);
#endif
#ifdef HD_DUAL
  // HD_DUAL: error: static assertion failed due to requirement '{{.+}}': eddy::hessian_diagonal: the arguments after x are held fixed; eddy::dual and eddy::output are not used here{{$}}
  // HD_DUAL: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::hessian_diagonal(f2, 1.0, eddy::dual(2.0, 1.0));
#endif
#ifdef HD_ARITY
  // HD_ARITY: error: static assertion failed due to requirement '{{.+}}': eddy::hessian_diagonal: f cannot be called with these arguments (check their number and types){{$}}
  // HD_ARITY: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::hessian_diagonal(f2, 1.0);
#endif
#ifdef CG_RESULT
  // CG_RESULT: error: static assertion failed due to requirement '{{.+}}': eddy::check_gradient: f must return one float or double{{$}}
  // CG_RESULT: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::check_gradient([](double x) { return std::array<double, 2>{x, x}; }, 1.0);
#endif
#ifdef CG_STRUCT
  // CG_STRUCT: error: static assertion failed due to requirement '{{.+}}': eddy::check_gradient: each argument must be a float/double, a std::array/std::vector of them or an eddy::ptr array (checked), or an integer or eddy::constant(x) (held fixed); pass structs and raw pointers as eddy::constant(x){{$}}
  // CG_STRUCT: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::check_gradient([](Vec2 p) { return p.x * p.y; }, Vec2{1, 2});
#endif
#ifdef CG_DUAL
  // CG_DUAL: error: static assertion failed due to requirement '{{.+}}': eddy::check_gradient: each argument must be a float/double, a std::array/std::vector of them or an eddy::ptr array (checked), or an integer or eddy::constant(x) (held fixed); pass structs and raw pointers as eddy::constant(x){{$}}
  // CG_DUAL: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::check_gradient(f2, eddy::dual(1.0, 1.0), 2.0);
#endif
#ifdef CG_NONE
  // CG_NONE: error: static assertion failed due to requirement '{{.+}}': eddy::check_gradient: nothing to check: every argument is an integer or eddy::constant{{$}}
  // CG_NONE: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::check_gradient([](int n, double c) { return c * n; }, 3, eddy::constant(2.0));
#endif
#ifdef CG_ARITY
  // CG_ARITY: error: static assertion failed due to requirement '{{.+}}': eddy::check_gradient: f cannot be called with these arguments (check their number and types){{$}}
  // CG_ARITY: api-misuse.cpp:[[@LINE+1]]:{{[0-9]+}}: note: in instantiation of
  eddy::check_gradient(f2, 1.0);
#endif
#ifdef CG_FNPTR
  double (*fp)(double) = &ext;
  // CG_FNPTR: api-misuse.cpp:[[@LINE+1]]:24: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  eddy::check_gradient(fp, 1.0);
#endif
  (void)f1;
  (void)f2;
  return 0;
}

// Misused Eddy attributes are diagnosed at the attribute.
// RUN: not %eddy-clangxx -fsyntax-only %s 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
double rule(double, double);
// CHECK: attribute-misuse.cpp:[[@LINE+1]]:16: error: 'tangent' takes the rule function, declared before it: __attribute__((eddy_tangent(rule)))
__attribute__((eddy_tangent(42))) double f(double);
// CHECK: attribute-misuse.cpp:[[@LINE+1]]:16: error: 'adjoint' takes the rule function, declared before it: __attribute__((eddy_adjoint(rule)))
__attribute__((eddy_adjoint(undeclared_rule))) double g(double);
struct S {
  // CHECK: attribute-misuse.cpp:[[@LINE+1]]:5: warning: 'inactive' attribute only applies to functions and global variables
  [[eddy::inactive]] double field;
};

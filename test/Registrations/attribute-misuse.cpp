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
// The bare C++11 spellings exist only so that Clang parses the arguments of
// [[eddy::...(...)]]; written without the namespace they are refused.
// CHECK: attribute-misuse.cpp:[[@LINE+1]]:3: error: write {{\[\[}}eddy::tangent{{\]\]}}: Eddy's attributes live in the eddy namespace
[[tangent(rule)]] double h(double);
// CHECK: attribute-misuse.cpp:[[@LINE+1]]:3: error: write {{\[\[}}eddy::inactive{{\]\]}}: Eddy's attributes live in the eddy namespace
[[inactive]] double counter;

// Without Eddy's plugin a named derivative declaration is a compile error
// that says so (the derivative would otherwise be a link error much later);
// a caller that only calls the derivative opts out with
// EDDY_DECLARATIONS_ONLY.
// RUN: not %clang -fsyntax-only -I%eddy-include %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only -I%eddy-include -DEDDY_DECLARATIONS_ONLY %s
// CHECK: error: EDDY_GRADIENT_OF needs Eddy's Clang plugin: compile with -fplugin=/path/to/EddyClang.so (or define EDDY_DECLARATIONS_ONLY to only call the derivative)
// CHECK: error: EDDY_TANGENT_OF needs Eddy's Clang plugin
// CHECK: error: EDDY_ADJOINT_OF needs Eddy's Clang plugin: compile with -fplugin=/path/to/EddyClang.so (or define EDDY_DECLARATIONS_ONLY to only call the derivative)
#include <eddy/eddy.h>
double f(double x);
void f_grad(double x, double *d_x) EDDY_GRADIENT_OF(f);
double f_tan(double x, double t_x) EDDY_TANGENT_OF(f);
void f_adj(double x, double *d_x, double d_ret) EDDY_ADJOINT_OF(f);

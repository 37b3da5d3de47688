// Eddy's C++ attributes without the plugin: after eddy.h they are errors, not
// attributes Clang silently ignores.
// RUN: not %clangxx -fsyntax-only -I%eddy-include %s 2>&1 | FileCheck %s
#include <eddy/eddy.h>
// CHECK: error: unknown attribute 'inactive' ignored [-Werror,-Wunknown-attributes]
[[eddy::inactive]] double counter;
double f2(double a, double b);
// CHECK: error: unknown attribute 'gradient_of' ignored [-Werror,-Wunknown-attributes]
[[eddy::gradient_of(f2)]] void g(double a, double *d_a, double b, double *d_b);

// A misused request fails eddy-transform with the error at the source line.
// RUN: not %eddy-transform -o %t.ll %s -- -I %eddy-include 2>&1 | FileCheck %s
// CHECK: transform-request-error.c:[[@LINE+5]]:{{[0-9]+}}: error: derivative request for 'square' needs 1 argument after the function, got 0
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(void) { return __enzyme_autodiff((void *)square); }

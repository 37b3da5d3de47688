// Enzyme's __attribute__((enzyme_shadow(sym))) names another global as a
// global's shadow. Eddy keeps its own shadows, reached with
// __enzyme_shadow(&g, width, lane); the attribute is an error at every level
// (Clang used to ignore it with a warning, and the adjoint silently missed
// `sym`).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s
#include <eddy/eddy.h>

double scale_shadow = 0;
// CHECK: global-shadow-attr.c:[[@LINE+1]]:29: error: 'enzyme_shadow' is not supported by Eddy: Eddy gives a global its own shadow; remove the attribute and reach the shadow with __enzyme_shadow(&global, 1, 0) (docs/request-abi.md)
double scale __attribute__((enzyme_shadow(scale_shadow))) = 3.0;

static double f(double x) { return scale * x * x; }
double df(double x) { return __enzyme_autodiff((void *)f, x); }

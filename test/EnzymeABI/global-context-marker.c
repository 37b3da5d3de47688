// Enzyme's enzyme_context marker (a request with a shadow context) is an
// error at the marker: Eddy has one shadow per global, width and lane.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

extern int enzyme_context;
double g = 2.0;
double f(double x) { return g * x; }

double grad(void *ctx, double x) {
  // CHECK: global-context-marker.c:[[@LINE+1]]:39: error: 'enzyme_context' (a shadow context for global variables) is not supported: Eddy keeps one shadow per global variable, vector width and lane; drop the context and query shadows with __enzyme_shadow(&global, width, lane)
  return __enzyme_autodiff((void *)f, enzyme_context, ctx, x);
}

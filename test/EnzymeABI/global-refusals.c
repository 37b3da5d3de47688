// What Eddy refuses about global variables' shadows, at the call's line:
// Enzyme's shadow contexts (Eddy has one shadow per global, width and lane),
// a shadow of a global holding a pointer, and a derivative through a
// global holding a pointer.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

void *__enzyme_context(int);
void *__enzyme_shadow(void *, ...);
void __enzyme_zero_shadows(void *);

double g = 2.0;
double *buffer;
double cache[4];

double f(double x) { return g * x; }

// A global holding a pointer, written with a pointer to differentiated data.
double *last;
double keep(double *x) {
  last = x;
  return *last * 2.0;
}

void *contexts(void) {
  // CHECK: global-refusals.c:[[@LINE+1]]:15: error: eddy: __enzyme_context is not supported: Eddy keeps one shadow per global variable, vector width and lane, with no contexts to choose among; ask for a shadow with __enzyme_shadow(&global, width, lane)
  void *ctx = __enzyme_context(1);
  // CHECK: global-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_zero_shadows is not supported (it zeroes an __enzyme_context); zero the shadows that __enzyme_shadow(&global, width, lane) returns
  __enzyme_zero_shadows(ctx);
  // CHECK: global-refusals.c:[[@LINE+1]]:10: error: eddy: __enzyme_shadow with a shadow context (from __enzyme_context) is not supported: Eddy keeps one shadow per global variable, vector width and lane; ask for it with __enzyme_shadow(&global, width, lane)
  return __enzyme_shadow(ctx, &g, 0);
}

void *queries(int lane) {
  // CHECK: global-refusals.c:[[@LINE+1]]:3: error: eddy: global variable 'buffer' has no shadow: Eddy gives shadows to mutable globals of floating-point data only (no pointers, not const)
  __enzyme_shadow(&buffer, 1, 0);
  // CHECK: global-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_shadow needs a constant width (1 to 64) and a constant lane below it
  __enzyme_shadow(&cache, 2, 2);
  // CHECK: global-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_shadow needs a constant width (1 to 64) and a constant lane below it
  __enzyme_shadow(&cache, 2, lane);
  return 0;
}

void grad(double *x, double *dx) {
  __enzyme_autodiff((void *)keep, x, dx);
}
// The derivative through a global holding a pointer, at the store:
// CHECK: global-refusals.c:24:8: error: eddy: a value that depends on the differentiated inputs is stored into or read from global variable 'last', which has no shadow; pass it as an argument with enzyme_dup, or keep derivative-carrying data in locals (while differentiating 'keep')

// -fplugin-arg-eddy-time-report and `eddy-transform -v`: the time of each of
// Eddy's phases and the size of the generated code, at -O0 and -O2; without
// the option, nothing is printed.
// RUN: %eddy-clang -O0 -c %s -o /dev/null -fplugin-arg-eddy-time-report 2>&1 | FileCheck %s
// RUN: %eddy-clang -O2 -c %s -o /dev/null -fplugin-arg-eddy-time-report 2>&1 | FileCheck %s
// RUN: %eddy-transform -v --emit=none %s -- -I%S/../../include 2>&1 | FileCheck %s
// RUN: %eddy-clang -Wno-unused-command-line-argument -O2 -c %s -o /dev/null 2>&1 | count 0
// CHECK: eddy: time report for {{.*}}time-report.c
// CHECK-NEXT: phase CPU s wall s
// CHECK-NEXT: canonicalize primal copies {{[0-9]+\.[0-9]+}} {{[0-9]+\.[0-9]+}}
// CHECK-NEXT: forward mode {{[0-9.]+}} {{[0-9.]+}}
// CHECK-NEXT: reverse mode {{[0-9.]+}} {{[0-9.]+}}
// CHECK-NEXT: verify generated code
// CHECK-NEXT: clean up generated code
// CHECK-NEXT: requests, wrappers, tapes
// CHECK-NEXT: total {{[0-9.]+}} {{[0-9.]+}}
// CHECK-NEXT: eddy: generated 2 functions, {{[1-9][0-9]*}} blocks, {{[1-9][0-9]*}} instructions
#include <eddy/eddy.h>
#include <math.h>

static double f(const double *x) { return sin(x[0]) * exp(x[1]) + x[0] * x[1]; }

void gradient(const double *x, double *dx) { __enzyme_autodiff((void *)f, x, dx); }
double tangent(const double *x, const double *dx) {
  return __enzyme_fwddiff((void *)f, x, dx);
}

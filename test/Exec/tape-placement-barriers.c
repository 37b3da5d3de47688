// Reverse mode stores each taped value where it is computed and loads it where
// it is first used, unless something between could move the tape
// (lib/Transform/TapePlacement.h). This loop body has taped values before and
// after each kind of tape traffic: a call given a pointer that is not
// differentiated (a counter), a differentiated call given an active pointer
// (its augmented sweep pushes onto the same tape), and a libm call (no
// pointer: not traffic). The trip count comes from memory, so each iteration's
// pushes check the tape's room and grow it (from an empty spare buffer, 400
// iterations). Gradient and forward columns against central differences, at
// every level.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static int calls;
__attribute__((noinline)) static void bump(int *c) { ++*c; }

// Differentiated: y[0] gets sin(y[0]) * a (reads and writes active memory).
__attribute__((noinline)) static double mix(double *y, double a) {
  double s = sin(y[0]);
  y[0] = s * a;
  return exp(0.1 * s) + a * a;
}

static int trips = 400;

static double f(const double *x) {
  double y[1] = {x[0]};
  double acc = x[1];
  for (int i = 0; i < *(volatile int *)&trips; ++i) {
    double u = cos(acc) * x[2];         // taped before the counter call
    double v = u * u + 0.25 * acc;
    bump(&calls);                       // a pointer: ends the stretch
    double w = log(1.5 + v * v) * 0.1;  // after it: stored where computed
    double m = mix(y, 0.5 + 0.001 * w); // pushes onto the same tape
    acc = 0.9 * acc + 0.01 * (w * m + u * y[0]);
  }
  return acc + y[0];
}

static double fp(const double *x, void *ctx) {
  (void)ctx;
  return f(x);
}

int main(void) {
  double x[3] = {0.7, 0.3, -0.4}, g[3] = {0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, g);
  for (int i = 0; i < 3; ++i) {
    double fd = eddy_fd_partial(fp, 0, x, 3, i);
    eddy_checkf_tol(g[i], fd, EDDY_RTOL_FD, EDDY_ATOL_FD, "grad[%d]%.0d", i, 0);
    double dx[3] = {0, 0, 0};
    dx[i] = 1;
    double col = __enzyme_fwddiff((void *)f, enzyme_dup, x, dx);
    eddy_checkf_tol(col, g[i], EDDY_RTOL_EXACT * 1e3, EDDY_ATOL_EXACT * 1e3,
                    "fwd[%d] vs rev%.0d", i, 0);
  }
  return eddy_summary();
}

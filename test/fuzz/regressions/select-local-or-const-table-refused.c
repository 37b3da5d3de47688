// FIXED (was a false refusal at -O2; found by eddy-fuzz --extended, seed 5:173):
// reading either a local array of differentiated values or a constant global
// table, chosen by a condition,
//   double t = x[0] > 0.5 ? a[i] : TBL[j];
// becomes at -O2 one load through `select c, &a[i], &TBL[j]`. A pointer into
// constant memory now has a shadow of its own where it meets differentiated
// pointers: zeros in forward mode, a write-only sink in reverse mode.
//
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static const double TBL[4] = {0.5, -1.25, 1.75, -0.3};

static double f(double *x, int n) {
  double a[2] = {x[0] * x[0], x[1]};
  int i = x[1] > 0, j = x[0] > 1;
  double t = x[0] > 0.5 ? a[i] : TBL[j]; // a load from a select of two pointers
  return t * x[1];
}

int main(void) {
  // x0 > 0.5: t = a[1] = x1, f = x1^2.   x0 <= 0.5: t = TBL[0], f = 0.5 x1.
  double x[2] = {1.5, 2.0}, dx[2] = {0};
  __enzyme_autodiff((void *)f, x, dx, 2);
  eddy_check("rev.dx0", dx[0], 0.0);
  eddy_check("rev.dx1", dx[1], 4.0);
  double y[2] = {1.5, 2.0}, t[2] = {0, 1};
  eddy_check("fwd.dx1", __enzyme_fwddiff((void *)f, y, t, 2), 4.0);
  double z[2] = {0.25, 2.0}, dz[2] = {0};
  __enzyme_autodiff((void *)f, z, dz, 2);
  eddy_check("table.rev.dx1", dz[1], 0.5);
  return eddy_summary();
}

// CHECK: OK rev.dx1
// CHECK: OK table.rev.dx1
// CHECK: ALL OK

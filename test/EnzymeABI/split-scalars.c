// Split mode with active scalar parameters (enzyme_out by default): the
// backward call returns their adjoints as __enzyme_autodiff does (one as a
// double, several as a struct); a function returning an integer gives it back
// from the forward call ({tape, int}) and takes no differential of it; a
// function returning a double takes the differential of its return before
// the tape. Against analytic derivatives.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

// x[i] <- a x[i]^2; returns how many exceed 1.
static int count(double *x, double a, int n) {
  int c = 0;
  for (int i = 0; i < n; ++i) {
    x[i] *= a * x[i];
    c += x[i] > 1;
  }
  return c;
}
typedef struct { void *tape; int value; } AugI;
AugI __enzyme_augmentfwd_i(void *, ...);
double __enzyme_reverse_d(void *, ...);

static double h(double a, double b) { return a * a * b + sin(b); }
typedef struct { void *tape; double value; } AugD;
AugD __enzyme_augmentfwd_d(void *, ...);
typedef struct { double da, db; } D2;
D2 __enzyme_reverse_d2(void *, ...);

int main(void) {
  double x[3] = {1, 2, 3}, dx[3] = {1, 1, 1};
  AugI r = __enzyme_augmentfwd_i((void *)count, x, dx, 2.0, 3);
  eddy_check_eq("integer value", r.value, 3);
  double da = __enzyme_reverse_d((void *)count, x, dx, 2.0, 3, r.tape);
  eddy_check("d/da", da, 1.0 + 4.0 + 9.0); // sum x_i^2 (dx seeds 1)
  for (int i = 0; i < 3; ++i)
    eddy_check("d/dx", dx[i], 2 * 2.0 * (i + 1)); // 2 a x_i

  AugD a = __enzyme_augmentfwd_d((void *)h, 1.5, 0.5);
  eddy_check("double value", a.value, h(1.5, 0.5));
  D2 g = __enzyme_reverse_d2((void *)h, 1.5, 0.5, 2.0, a.tape);
  eddy_check("dret * dh/da", g.da, 2.0 * 2 * 1.5 * 0.5);
  eddy_check("dret * dh/db", g.db, 2.0 * (1.5 * 1.5 + cos(0.5)));
  return eddy_summary();
}

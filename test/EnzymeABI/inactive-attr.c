// Enzyme's attributes __attribute__((enzyme_inactive)) and
// __attribute__((enzyme_inactive_noblock)) on functions (inlinable or
// external) and on global variables: no derivative flows through them, in
// reverse, forward and vector forward mode, at every level. Enzyme lowers
// both attributes the same way; so does Eddy.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

__attribute__((enzyme_inactive)) static inline double stop(double a) { return 2 * a; }
__attribute__((enzyme_inactive_noblock)) double stop_noblock(double a) { return 3 * a; }
[[enzyme::inactive]] static double stop_scoped(double a) { return 4 * a; }

// A running tally the function writes: inactive, so the write is accepted
// and carries no derivative.
__attribute__((enzyme_inactive)) double tally;

static double f(double a) {
  tally += a;
  return a * a + stop(a) + stop_noblock(a) + stop_scoped(a);
}

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

int main(void) {
  double a = 1.5;
  eddy_check("rev", __enzyme_autodiff((void *)f, a), 2 * a);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, a, 1.0), 2 * a);
  T2 t = __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, a, 1.0, -1.0);
  eddy_check("fwd.w2.0", t.t[0], 2 * a);
  eddy_check("fwd.w2.1", t.t[1], -2 * a);
  tally = 0;
  eddy_check("primal", f(a), a * a + 9 * a);
  eddy_check("tally", tally, a);
  return eddy_summary();
}

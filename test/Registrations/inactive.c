// Inactive functions and variables: a logging call and an RNG state that see
// active values carry no derivative; without the registration the global
// would get a shadow and carry it (test/EnzymeABI/global-intermediate.c).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

double last_value;          // Written with an active value: declared inactive.
unsigned long rng_state = 12345;
EDDY_INACTIVE_VARIABLE(last_value)

// An external function that sees an active value: declared inactive.
void log_event(const char *what, double v);
EDDY_INACTIVE_FUNCTION(log_event)

// A visible function that would otherwise be differentiated: its result is
// treated as a constant (a "stop gradient").
static __attribute__((noinline)) double noise(double scale) {
  rng_state = rng_state * 6364136223846793005ul + 1442695040888963407ul;
  return scale * (double)(rng_state >> 11) / 9007199254740992.0;
}
EDDY_INACTIVE_FUNCTION(noise)

static double f(double x) {
  double y = x * x;
  log_event("y", y);
  last_value = y;
  return y * 3.0 + noise(x); // noise's dependence on x is dropped.
}

void log_event(const char *what, double v) { (void)what; (void)v; }

int main(void) {
  double x = 1.25;
  eddy_check("rev", __enzyme_autodiff((void *)f, x), 6 * x);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, x, 1.0), 6 * x);
  return eddy_summary();
}
// CHECK: ALL OK

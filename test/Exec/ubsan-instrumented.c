// A program compiled with UndefinedBehaviorSanitizer checks: Clang inserts
// them before Eddy differentiates, so Eddy sees and must pass through
//  - llvm.objectsize on active pointers (-fsanitize=object-size): it had no
//    rule and was refused;
//  - the bits of an active double handed to __ubsan_handle_float_cast_overflow
//    when (int)floor(x) is checked (-fsanitize=float-cast-overflow): refused
//    as bit manipulation of an active value;
//  - comparisons of locals' addresses with null before memcpy
//    (-fsanitize=nonnull-attribute): they kept the locals from being promoted
//    at -O0, and the copy was refused as copying into memory without shadow.
// Found by --param eddy_sanitize=1 (docs/sanitizers.md).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -fsanitize=object-size,float-cast-overflow,nonnull-attribute -fno-sanitize-recover=all -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdint.h>
#include <string.h>
#include "eddy_check.h"

// f(x) = x[k]^2 * x[1] with k = floor(2 x[0]) mod 2, copied through a local.
static double f(double *x) {
  int k = ((int)floor(2.0 * x[0]) % 2 + 2) % 2;
  double c[2];
  memcpy(c, x, sizeof c);
  return c[k] * c[k] * x[1];
}

// A double copied through a uint64_t and back: s(t) = t * t.
static double s(double t) {
  uint64_t u;
  memcpy(&u, &t, sizeof u);
  double v;
  memcpy(&v, &u, sizeof v);
  return v * t;
}

int main(void) {
  double x[2] = {0.3, 1.5}, dx[2] = {0, 0}; // k = 0: f = x0^2 x1
  __enzyme_autodiff((void *)f, x, dx);
  eddy_check("rev.dx0", dx[0], 2 * x[0] * x[1]);
  eddy_check("rev.dx1", dx[1], x[0] * x[0]);
  double t[2] = {0.0, 1.0};
  eddy_check("fwd.dx1", __enzyme_fwddiff((void *)f, x, t), x[0] * x[0]);
  eddy_check("rev.s", __enzyme_autodiff((void *)s, 1.25), 2.5);
  eddy_check("fwd.s", __enzyme_fwddiff((void *)s, 1.25, 1.0), 2.5);
  return eddy_summary();
}
// CHECK: ALL OK

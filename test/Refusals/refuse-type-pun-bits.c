// XFAIL: *
// BUG: silently wrong derivative. A double's bits edited as an integer and
// copied back (the "fast inverse square root" guess, ulp steps, or a
// sign-bit mask) get a derivative of 0 instead of being refused: activity
// analysis stops at the bitcast to an integer, so the value copied back is
// inactive. Measured with clang-19 -fplugin:
//   q(x) = rsqrt guess via 0x5f3759df - (i >> 1):  forward derivative 0 at
//          x = 4 (finite differences: -0.0469), at -O0 and -O2;
//   h(x) = 3 |x| via u &= 0x7fff...:  0 at -O0 (right, -3, at -O2 only because
//          InstCombine turns the mask into llvm.fabs).
// Eddy must refuse this (naming the integer round trip) or differentiate it.
// See test/IR/fwd-bitcast-int-punning.ll and rev-bitcast-int-punning.ll.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
#include <string.h>
float __enzyme_fwddiff(void *, ...);

float q(float x) {
  uint32_t i;
  // CHECK: refuse-type-pun-bits.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*(integer|type pun)}}
  memcpy(&i, &x, 4);
  i = 0x5f3759df - (i >> 1);
  float y;
  memcpy(&y, &i, 4);
  return y;
}

float dq(float x) { return __enzyme_fwddiff((void *)q, x, 1.0f); }

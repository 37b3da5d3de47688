// A double's bits edited as an integer and copied back (here the "fast
// inverse square root" guess 0x5f3759df - (i >> 1)) is refused at the copy
// into the integer, naming the construct and the remedy. (Regression: the
// derivative was silently 0 at -O0 and -O2, where finite differences give
// -0.0469 at x = 4.) A plain copy through an integer stays exact and accepted:
// refuse-type-pun-copy.c.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
#include <string.h>
float __enzyme_fwddiff(void *, ...);

float q(float x) {
  uint32_t i;
  // CHECK: refuse-type-pun-bits.c:[[@LINE+1]]:3: error: eddy: the bits of a floating-point value that depends on the differentiated inputs are reinterpreted as an integer; the derivative cannot follow integer arithmetic {{.*}} use floating-point operations (fabs, copysign, nextafter, ...) instead (while differentiating 'q')
  memcpy(&i, &x, 4);
  i = 0x5f3759df - (i >> 1);
  float y;
  memcpy(&y, &i, 4);
  return y;
}

float dq(float x) { return __enzyme_fwddiff((void *)q, x, 1.0f); }

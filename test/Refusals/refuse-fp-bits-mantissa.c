// Sign and class tests on the bits of an active double are accepted
// (test/Exec/fp-class-predicates.c), but the mantissa bits turned into a
// number stay refused: (double)(bits & mantissa) varies with x, and the
// integer path would silently carry no derivative. The refusal names the
// copy into the integer, at every level.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdint.h>
#include <string.h>
double __enzyme_autodiff(void *, ...);

double mantissa_times_x(double x) {
  uint64_t b;
  // CHECK: refuse-fp-bits-mantissa.c:[[@LINE+1]]:3: error: eddy: the bits of a floating-point value that depends on the differentiated inputs are reinterpreted as an integer; the derivative cannot follow integer arithmetic {{.*}} use floating-point operations (fabs, copysign, nextafter, ...) instead (while differentiating 'mantissa_times_x')
  memcpy(&b, &x, sizeof b);
  if (b >> 63) // a sign test alone would be accepted
    return 0.0;
  return (double)(b & 0xfffffffffffffull) * x;
}

double d(double x) { return __enzyme_autodiff((void *)mantissa_times_x, x); }

// Floating-point class predicates on active values: isnan, isinf, isfinite,
// isnormal, signbit, fpclassify (double and float) return booleans or ints,
// through which no derivative flows. Accepted at every level in both modes:
// at -O0 Clang emits llvm.is.fpclass, at -O1+ InstCombine turns signbit and
// class tests into bit tests (bitcast to an integer, then a comparison or a
// shift past the mantissa), which decide and rebuild no float. Sign and
// exponent tests written by hand through memcpy are accepted the same way;
// bits that rebuild a float stay refused (test/Refusals/refuse-fp-bits-*.c).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdint.h>
#include "eddy_check.h"

float __enzyme_autodiff_f1(void *, float);
float __enzyme_fwddiff_f1(void *, float, float);

static double f_isnan(double x) { return isnan(x) ? 0.0 : x * x; }
static double f_isinf(double x) { return isinf(x) ? 1.0 : 3.0 * x; }
static double f_isfinite(double x) { return isfinite(x) ? x * x * x : 0.0; }
static double f_isnormal(double x) { return isnormal(x) ? 2.0 * x : x; }
static double f_signbit(double x) { return signbit(x) ? -x : x; }
static double f_fpclassify(double x) {
  switch (fpclassify(x)) {
  case FP_NORMAL: return 5.0 * x;
  case FP_ZERO: return 0.0;
  default: return x;
  }
}
// The predicates' integer results in arithmetic: a sum of integers times x.
static double f_all(double x) {
  int k = isnan(x) + isinf(x) + isfinite(x) + isnormal(x) + (signbit(x) != 0);
  return k * x + fpclassify(x);
}
static float f_float(float x) {
  return (isnan(x) || isinf(x) || !isfinite(x) || !isnormal(x)) ? 0.0f
         : signbit(x)                                          ? x * x
                                                               : 2.0f * x;
}
// Hand-written sign and exponent tests.
static double f_bits(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  double s = (b >> 63) ? -x : x;                                  // sign bit
  int infnan = (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull; // exponent
  return infnan ? 0.0 : s * x;
}

#define check(name, f, x, want)                                                \
  do {                                                                         \
    eddy_check(name ".rev", __enzyme_autodiff((void *)f, x), want);            \
    eddy_check(name ".fwd", __enzyme_fwddiff((void *)f, x, 1.0), want);        \
  } while (0)

int main(void) {
  check("isnan", f_isnan, 1.5, 3.0);
  check("isinf", f_isinf, 1.5, 3.0);
  check("isinf", f_isinf, INFINITY, 0.0);
  check("isfinite", f_isfinite, -2.0, 12.0);
  check("isnormal", f_isnormal, 1.5, 2.0);
  check("isnormal", f_isnormal, 1e-310, 1.0);
  check("signbit", f_signbit, -1.5, -1.0);
  check("signbit", f_signbit, 1.5, 1.0);
  check("fpclassify", f_fpclassify, 0.25, 5.0);
  check("fpclassify", f_fpclassify, 1e-310, 1.0);
  check("all", f_all, 1.5, 2.0);  // isfinite + isnormal
  check("all", f_all, -1.5, 3.0); // isfinite + isnormal + signbit
  check("bits", f_bits, -1.5, 3.0);
  check("bits", f_bits, 2.0, 4.0);
  eddy_check("float.rev", __enzyme_autodiff_f1((void *)f_float, -1.5f), -3.0);
  eddy_check("float.fwd", __enzyme_fwddiff_f1((void *)f_float, -1.5f, 1.0f), -3.0);
  eddy_check("float.pos.rev", __enzyme_autodiff_f1((void *)f_float, 1.5f), 2.0);
  return eddy_summary();
}

// CHECK: ALL OK

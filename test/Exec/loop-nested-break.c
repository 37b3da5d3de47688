// Nested loops (a triangular double loop whose inner bound is the outer
// index), `break` out of a loop on a data-dependent test, `continue`, and an
// early `return` from inside a loop.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// sum_{i<6} sum_{j<=i} sin(i x + j): d = sum sum i cos(i x + j).
static double triangle(double x) {
  double s = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j <= i; ++j)
      s += sin(i * x + j);
  return s;
}
static double d_triangle(double x) {
  double s = 0;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j <= i; ++j)
      s += i * cos(i * x + j);
  return s;
}

// Multiply by (1 + x/k) until the product exceeds 5 or k reaches 100; skip
// every third factor.
static double product_until(double x) {
  double p = 1;
  for (int k = 1; k < 100; ++k) {
    if (k % 3 == 0)
      continue;
    p *= 1 + x / k;
    if (p > 5.0)
      break;
  }
  return p;
}
// Reference: the same product, with its logarithmic derivative.
static double d_product_until(double x) {
  double p = 1, dlog = 0;
  for (int k = 1; k < 100; ++k) {
    if (k % 3 == 0)
      continue;
    p *= 1 + x / k;
    dlog += (1.0 / k) / (1 + x / k);
    if (p > 5.0)
      break;
  }
  return p * dlog;
}

// Returns from inside the loop as soon as the partial sum of x^k exceeds 3.
static double early_return(double x) {
  double s = 0, p = 1;
  for (int k = 0; k < 50; ++k) {
    s += p;
    if (s > 3.0)
      return s * x;
    p *= x;
  }
  return -s;
}
static double d_early_return(double x) {
  double s = 0, ds = 0, p = 1, dp = 0;
  for (int k = 0; k < 50; ++k) {
    s += p;
    ds += dp;
    if (s > 3.0)
      return ds * x + s;
    dp = dp * x + p;
    p *= x;
  }
  return -ds;
}

#define CHECK_AT(fn, ref_fn, x0, i)                                            \
  do {                                                                         \
    double x = (x0), ref = ref_fn(x);                                          \
    eddy_checkf_tol(ref, eddy_fd(fn, x), EDDY_RTOL_FD, EDDY_ATOL_FD, #fn "[%d].ref_vs_fd", i, 0); \
    eddy_checkf_tol(__enzyme_autodiff((void *)fn, x), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, #fn "[%d].rev", i, 0); \
    eddy_checkf_tol(__enzyme_fwddiff((void *)fn, x, 1.0), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, #fn "[%d].fwd", i, 0); \
  } while (0)

int main(void) {
  CHECK_AT(triangle, d_triangle, 0.37, 0);
  CHECK_AT(triangle, d_triangle, -1.2, 1);
  CHECK_AT(product_until, d_product_until, 0.5, 0); // breaks late
  CHECK_AT(product_until, d_product_until, 3.0, 1); // breaks early
  CHECK_AT(product_until, d_product_until, 0.01, 2); // never breaks
  CHECK_AT(early_return, d_early_return, 0.9, 0);   // returns from the loop
  CHECK_AT(early_return, d_early_return, 1.7, 1);
  CHECK_AT(early_return, d_early_return, 0.5, 2);   // falls off the end
  return eddy_summary();
}

// CHECK: OK triangle[0].rev
// CHECK: OK product_until[2].fwd
// CHECK: OK early_return[2].rev
// CHECK: ALL OK

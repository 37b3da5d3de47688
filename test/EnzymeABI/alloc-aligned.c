// Aligned heap allocation inside the differentiated function, in both modes:
// aligned_alloc, posix_memalign (also its EINVAL path), memalign and valloc.
// Each shadow is allocated alike (over-aligned, zeroed) and freed with its
// block; the buffers are declared 64-byte aligned, so the optimizer may
// access them (and their shadows) with aligned vector instructions.
// f(x) = sum_i x_i^2 sin(x_i), df/dx_i = 2 x_i sin x_i + x_i^2 cos x_i,
// checked in reverse and forward mode against that formula.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#define _GNU_SOURCE
#include <eddy/eddy.h>
#include <malloc.h>
#include <stdlib.h>
#include "eddy_check.h"

#define N 11

static double fill_and_sum(double *b, const double *x, int n) {
  b = __builtin_assume_aligned(b, 64);
  for (int i = 0; i < n; ++i)
    b[i] = x[i] * x[i];
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += b[i] * sin(x[i]);
  return s;
}

static size_t rounded(int n) { return (n * sizeof(double) + 63) / 64 * 64; }

static double with_aligned_alloc(const double *x, int n) {
  double *b = aligned_alloc(64, rounded(n));
  double s = fill_and_sum(b, x, n);
  free(b);
  return s;
}

static double with_posix_memalign(const double *x, int n) {
  void *p = NULL, *q = NULL;
  // An alignment that is not a multiple of sizeof(void *) is refused, and q
  // is left alone.
  if (posix_memalign(&q, 12, 64) != 22 || q)
    return -1.0;
  if (posix_memalign(&p, 64, n * sizeof(double)) != 0)
    return -2.0;
  double s = fill_and_sum(p, x, n);
  free(p);
  return s;
}

static double with_memalign(const double *x, int n) {
  double *b = memalign(64, n * sizeof(double));
  double s = fill_and_sum(b, x, n);
  free(b);
  return s;
}

static double with_valloc(const double *x, int n) {
  double *b = valloc(n * sizeof(double));
  double s = fill_and_sum(b, x, n);
  free(b);
  return s;
}

static double want(const double *x, int i) {
  return 2 * x[i] * sin(x[i]) + x[i] * x[i] * cos(x[i]);
}

// The request names its function directly, so check() is a macro.
#define CHECK_BOTH_MODES(f)                                                    \
  do {                                                                         \
    double x[N], g[N] = {0};                                                   \
    for (int i = 0; i < N; ++i)                                                \
      x[i] = 0.37 * i - 1.6;                                                   \
    __enzyme_autodiff((void *)f, x, g, N);                                     \
    for (int i = 0; i < N; ++i) {                                              \
      double e[N] = {0};                                                       \
      e[i] = 1;                                                                \
      eddy_checkf_tol(g[i], want(x, i), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,      \
                      #f ".rev[%d]", i, 0);                                    \
      eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, e, N), want(x, i),        \
                      EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, #f ".fwd[%d]", i, 0);  \
    }                                                                          \
  } while (0)

int main(void) {
  CHECK_BOTH_MODES(with_aligned_alloc);
  CHECK_BOTH_MODES(with_posix_memalign);
  CHECK_BOTH_MODES(with_memalign);
  CHECK_BOTH_MODES(with_valloc);
  return eddy_summary();
}

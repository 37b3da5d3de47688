// Mixed activity that Enzyme only warns about: a struct bundles a pointer the
// request marked enzyme_const (read, never differentiated) with a pointer to
// differentiated data, and is handed to helpers. At -O1 and above the
// optimizer inlines the helpers and the bundle dissolves; Eddy does the same
// in the copy it differentiates, so -O0 is accepted too, with the same
// numbers (it used to refuse the store of the constant pointer at -O0 only).
// This file: the bundle on the heap (malloc'd, filled, handed to the helpers,
// freed); once they are inlined its pointers are never read back, and the
// constant pointer's null shadow is never used. f(x) = sum_i w_i x_i^2,
// df/dx_i = 2 w_i x_i, both modes.
// Not under the sanitized-programs job: UBSan's checks between the stores and
// the loads of the bundle (calls of its handlers) keep the loads of its
// pointers, and the store of the constant pointer is refused at -O1 and -O3
// there. A refusal, not a wrong number.
// UNSUPPORTED: eddy-sanitize
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

#define N 5

typedef struct {
  const double *coef; // enzyme_const: read, never differentiated
  double *state;      // differentiated
  int n;
} Ctx;

__attribute__((noinline)) static double term(const Ctx *c, int i) {
  return c->coef[i] * c->state[i] * c->state[i];
}

__attribute__((noinline)) static double apply(const Ctx *c) {
  double s = 0;
  for (int i = 0; i < c->n; ++i)
    s += term(c, i);
  return s;
}

static double on_heap(double *x, const double *w, int n) {
  Ctx *c = malloc(sizeof *c);
  c->coef = w;
  c->state = x;
  c->n = n;
  double r = apply(c);
  free(c);
  return r;
}

#define CHECK_BOTH_MODES(f)                                                    \
  do {                                                                         \
    double x[N], w[N], g[N] = {0};                                             \
    for (int i = 0; i < N; ++i) {                                              \
      x[i] = 0.3 * i - 0.7;                                                    \
      w[i] = 1.5 - 0.4 * i;                                                    \
    }                                                                          \
    __enzyme_autodiff((void *)f, x, g, enzyme_const, w, N);                    \
    for (int i = 0; i < N; ++i) {                                              \
      double e[N] = {0};                                                       \
      e[i] = 1;                                                                \
      eddy_checkf_tol(g[i], 2 * w[i] * x[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, \
                      #f ".rev[%d]", i, 0);                                    \
      eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, e, enzyme_const, w, N),   \
                      2 * w[i] * x[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,       \
                      #f ".fwd[%d]", i, 0);                                    \
    }                                                                          \
  } while (0)

int main(void) {
  CHECK_BOTH_MODES(on_heap);
  return eddy_summary();
}

// Mixed activity that Enzyme only warns about: a struct bundles a pointer the
// request marked enzyme_const (read, never differentiated) with a pointer to
// differentiated data, and is handed to helpers. At -O1 and above the
// optimizer inlines the helpers and the bundle dissolves; Eddy does the same
// in the copy it differentiates, so -O0 is accepted too, with the same
// numbers (it used to refuse the store of the constant pointer at -O0 only).
// (mixed-activity-bundle-heap.c: the same bundle on the heap.)
// f(x) = sum_i w_i x_i^2, df/dx_i = 2 w_i x_i, both modes.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
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

static double on_stack(double *x, const double *w, int n) {
  Ctx c = {w, x, n};
  return apply(&c);
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
  CHECK_BOTH_MODES(on_stack);
  return eddy_summary();
}

// A plain copy of an integer field between heap structs that also hold a
// pointer to differentiated data (`w2->hi = w->hi`, long long), inside a
// recursive function. Reverse mode refuses integer copies of differentiated
// memory (they would carry floating-point bits past the adjoint), but this
// one copies an integer: the program accesses those bytes as `long long`
// (the field's address at -O0, its type-based alias tag above) and never as
// floating point. It was refused as "type punning" at every level.
//   f(x) = x^3 * ((0.5 * 2 + 1) * 2 + 1) = 5 x^3 (hi = 1 at every level),
// plus x[1] weighted by hi + lo = 3 at the bottom: f = 5 x0^3 + 3 x1 x0^2.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <stdlib.h>

struct Work {
  double *p;
  long long hi;
  double v;
  unsigned lo;
};

static double rec(struct Work *w, int depth) {
  if (depth == 0)
    return w->p[0] * w->v + w->p[1] * (double)(w->hi + w->lo);
  struct Work *w2 = malloc(sizeof *w2);
  w2->p = w->p;
  w2->hi = w->hi;
  w2->lo = w->lo + 1;
  w2->v = w->v * 2 + (double)w2->hi;
  double r = rec(w2, depth - 1) * w->p[0];
  free(w2);
  return r;
}

static double f(double *x) {
  struct Work w = {x, 1, 0.5, 0};
  return rec(&w, 2);
}

static double f_fd(const double *x, void *ctx) {
  double c[2] = {x[0], x[1]};
  (void)ctx;
  return f(c);
}

int main(void) {
  double x[2] = {1.5, -0.7};
  double g[2] = {0, 0};
  __enzyme_autodiff((void *)f, x, g);
  // f = 5 x0^3 + 3 x1 x0^2 (at depth 0: hi = 1, lo = 2).
  double ref0 = 15 * x[0] * x[0] + 6 * x[1] * x[0], ref1 = 3 * x[0] * x[0];
  eddy_check_tol("rev.d0", g[0], ref0, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check_tol("rev.d1", g[1], ref1, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  eddy_check_fd("fd.d0", g[0], eddy_fd_partial(f_fd, NULL, x, 2, 0));
  double dx[2] = {0, 1};
  eddy_check_tol("fwd.d1", __enzyme_fwddiff((void *)f, x, dx), ref1, EDDY_RTOL_EXACT,
                 EDDY_ATOL_EXACT);
  return eddy_summary();
}

// Copies of heap records that mix a pointer to differentiated data, an
// integer index and a double: `*b = *a` (one memcpy of the whole record, with
// no single element type) and field by field. Reverse mode needs the record's
// fields: the pointer field carries its shadow to the copy, the double moves
// its adjoint back, the integer carries nothing. Eddy used to refuse the whole
// copy ("cannot tell whether this memcpy/memmove copies floating-point data or
// pointers"). Found by eddy-fuzz --edges (struct copies). Also an array of
// three such records copied at once.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

struct Rec {
  double *p;
  long long k;
  double v;
};

// f(x) = b.v * b.p[b.k] + c[2].v * c[1].p[c[1].k] with b a whole copy of a,
// a copy of three records into c: = (x0 x1) x2 + (3 x1) x1.
__attribute__((noinline)) static double f(double *x) {
  struct Rec *a = malloc(sizeof *a), *b = malloc(sizeof *b);
  a->p = x;
  a->k = 2;
  a->v = x[0] * x[1];
  *b = *a;
  struct Rec src[3], *c = malloc(3 * sizeof *c);
  for (int i = 0; i < 3; ++i) {
    src[i].p = x;
    src[i].k = i;
    src[i].v = (i + 1) * x[1];
  }
  __builtin_memcpy(c, src, sizeof src);
  double r = b->v * b->p[b->k] + c[2].v * c[1].p[c[1].k];
  free(a);
  free(b);
  free(c);
  return r;
}

static double fx(const double *x, void *ctx) {
  (void)ctx;
  double w[3] = {x[0], x[1], x[2]};
  return f(w);
}

int main(void) {
  double x[3] = {0.7, -1.3, 2.1};
  // d/dx0 = x1 x2, d/dx1 = x0 x2 + 6 x1, d/dx2 = x0 x1
  double want[3] = {x[1] * x[2], x[0] * x[2] + 6 * x[1], x[0] * x[1]};
  double dx[3] = {0, 0, 0};
  __enzyme_autodiff((void *)f, x, dx);
  for (int i = 0; i < 3; ++i) {
    eddy_checkf_tol(dx[i], want[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rev[%d]", i, 0);
    eddy_checkf_tol(dx[i], eddy_fd_partial(fx, 0, x, 3, i), EDDY_RTOL_FD, EDDY_ATOL_FD,
                    "rev_vs_fd[%d]", i, 0);
  }
  for (int j = 0; j < 3; ++j) {
    double t[3] = {0, 0, 0};
    t[j] = 1;
    double d = __enzyme_fwddiff((void *)f, x, t);
    eddy_checkf_tol(d, want[j], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "fwd[%d]", j, 0);
  }
  return eddy_summary();
}

// Heap structs that hold integer bounds beside a pointer to differentiated
// data, copied field by field into new structs in a recursion, where one
// load of a bound is both copied (`left->first = r->first`) and computed on
// (`r->first + half`). At -O0 there is no type-based metadata and the first
// field's address is the struct's own, so nothing but the arithmetic said
// the copied bytes were an integer: the copy was refused as "differentiated
// memory is copied through an integer type (type punning)" at -O0 only (found
// with Enzyme's mixedstruct1-simplefda.c). A value computed on as an integer
// now says so (ElementType.cpp, copiesIntegerField). Checked against the
// analytic gradient at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

typedef struct {
  long long first, last; // [first, last)
  double *w;
} Range;

// sum over the range of w_i^3, by halving.
static double cubes(const Range *r) {
  long long n = r->last - r->first;
  if (n == 1)
    return r->w[r->first] * r->w[r->first] * r->w[r->first];
  long long half = n / 2;
  Range *left = malloc(sizeof(Range)), *right = malloc(sizeof(Range));
  left->first = r->first;
  left->last = r->first + half;
  left->w = r->w;
  right->first = left->last;
  right->last = r->last;
  right->w = r->w;
  double s = cubes(left) + cubes(right);
  free(left);
  free(right);
  return s;
}

int main(void) {
  double w[7] = {0.5, -1.0, 1.5, 2.0, -0.25, 0.75, 1.25}, dw[7] = {0};
  Range r = {0, 7, w}, dr = {0, 7, dw};
  __enzyme_autodiff((void *)cubes, &r, &dr);
  for (int i = 0; i < 7; ++i)
    eddy_checkf_tol(dw[i], 3 * w[i] * w[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "d/dw%d", i, 0);
  double t[7] = {0, 0, 1, 0, 0, 0, 0};
  Range tr = {0, 7, t};
  eddy_check("forward along w2", __enzyme_fwddiff((void *)cubes, &r, &tr), 3 * w[2] * w[2]);
  return eddy_summary();
}

// CHECK: ALL OK (8 checks)

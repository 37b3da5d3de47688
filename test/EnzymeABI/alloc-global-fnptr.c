// malloc called through a function pointer held in a global (Enzyme's
// metamalloc shape). A global that keeps its initializer -- static and never
// assigned, or const -- names its function at every -O level, so the call is
// an allocation like a direct malloc call, in both modes. (At -O2 GlobalOpt
// used to fold the static one, at -O0 nothing did: the verdict depended on
// the level.) f(x) = x^2 through the buffer: f' = 2x.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

static struct {
  int count;
  void *(*allocfn)(size_t);
  void (*freefn)(void *);
} table = {0, malloc, free};

static void *(*const const_alloc)(size_t) = malloc;

__attribute__((noinline)) static void *meta_malloc(size_t size) {
  return table.allocfn(size);
}

__attribute__((noinline)) static void square(double *x) { *x *= *x; }

static double through_struct(double x) {
  double *mem = meta_malloc(sizeof(double));
  *mem = x;
  square(mem);
  double r = mem[0];
  table.freefn(mem);
  return r;
}

static double through_const(double x) {
  double *mem = const_alloc(2 * sizeof(double));
  mem[0] = x;
  mem[1] = x * mem[0];
  double r = mem[1];
  free(mem);
  return r;
}

int main(void) {
  for (double x = -1.5; x < 2.0; x += 0.7) {
    eddy_checkf_tol(__enzyme_autodiff((void *)through_struct, x), 2 * x,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "struct.rev(%d)", (int)(10 * x), 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)through_struct, x, 1.0), 2 * x,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "struct.fwd(%d)", (int)(10 * x), 0);
    eddy_checkf_tol(__enzyme_autodiff((void *)through_const, x), 2 * x,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "const.rev(%d)", (int)(10 * x), 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)through_const, x, 1.0), 2 * x,
                    EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "const.fwd(%d)", (int)(10 * x), 0);
  }
  return eddy_summary();
}

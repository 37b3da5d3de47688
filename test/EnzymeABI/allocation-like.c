// void *__enzyme_allocation_like[4] = {alloc, (void *)size index, "free
// arguments", free}: alloc is treated as an allocator. Its result's shadow is
// a second block from alloc (same arguments), zeroed; reverse mode releases
// that block after the adjoint by calling free with the listed arguments of
// the allocation call (-1: the shadow block); a call of free on a primal
// block is its deallocation, and forward mode releases the shadow block with
// it. Both functions keep their bodies out of the derivative at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static char arena[1 << 12];
static int arena_used;
static int n_alloc, n_release;

// A bump allocator: the size is argument 1, the offset's address argument 2.
void *arena_alloc(void *base, int size, int *offset) {
  ++n_alloc;
  char *at = (char *)base + *offset;
  *offset += (size + 15) & ~15;
  return at;
}
// Releases nothing (a bump allocator); counts the calls.
static void arena_release(int *offset, void *block) {
  (void)offset, (void)block;
  ++n_release;
}
void *__enzyme_allocation_like[4] = {(void *)arena_alloc, (void *)1,
                                     (void *)"2,-1", (void *)arena_release};

__attribute__((noinline)) static double *boxed(double x) {
  double *m = arena_alloc(arena, sizeof(double), &arena_used);
  *m = x * x;
  return m;
}

static double f(double x) { return *boxed(x) * x; } // x^3

static double g(double x) { // x^3, releasing its block
  double *b = boxed(x);
  double r = *b * x;
  arena_release(&arena_used, b);
  return r;
}

int main(void) {
  double x = 1.25;
  n_alloc = n_release = 0;
  eddy_check("f.rev", __enzyme_autodiff((void *)f, x), 3 * x * x);
  eddy_check_eq("f.rev.alloc", n_alloc, 2);   // primal and shadow
  eddy_check_eq("f.rev.release", n_release, 1); // the shadow, after the adjoint
  n_alloc = n_release = 0;
  eddy_check("f.fwd", __enzyme_fwddiff((void *)f, x, 1.0), 3 * x * x);
  eddy_check_eq("f.fwd.alloc", n_alloc, 2);
  eddy_check_eq("f.fwd.release", n_release, 0); // f never releases
  n_alloc = n_release = 0;
  eddy_check("g.rev", __enzyme_autodiff((void *)g, x), 3 * x * x);
  eddy_check_eq("g.rev.release", n_release, 2);
  n_alloc = n_release = 0;
  eddy_check("g.fwd", __enzyme_fwddiff((void *)g, x, 1.0), 3 * x * x);
  eddy_check_eq("g.fwd.release", n_release, 2);
  return eddy_summary();
}

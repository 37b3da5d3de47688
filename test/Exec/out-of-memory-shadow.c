// Never a bare abort: a shadow that cannot be allocated while its primal
// block was (here an __enzyme_allocation_like allocator that has room for one
// block only) is reported in one line naming the function that allocates,
// in reverse and in forward mode, instead of a write through null. A primal
// allocation that fails is the program's to handle: its derivative runs on.
// RUN: %eddy-clang -O0 %s -o %t0
// RUN: %eddy-clang -O2 %s -o %t2
// RUN: not --crash %run %t0 rev 2>&1 | FileCheck %s
// RUN: not --crash %run %t2 rev 2>&1 | FileCheck %s
// RUN: not --crash %run %t0 fwd 2>&1 | FileCheck %s
// RUN: not --crash %run %t2 fwd 2>&1 | FileCheck %s
// RUN: %run %t0 full | FileCheck %s --check-prefix=FULL
// RUN: %run %t2 full | FileCheck %s --check-prefix=FULL
// CHECK: eddy: out of memory: the derivative of 'boxed' asked for 8 bytes of shadow memory (a shadow is as large as the block it mirrors); free memory before the call or make the blocks smaller
// CHECK-NOT: not reached
// FULL: d = 0
#include <eddy/eddy.h>
#include <stdio.h>
#include <string.h>

static double pool[1];
static int room;
void *pool_alloc(int size) {
  if (!room)
    return NULL;
  --room;
  return pool;
}
static void pool_release(void *block) { (void)block; }
void *__enzyme_allocation_like[4] = {(void *)pool_alloc, (void *)0,
                                     (void *)"-1", (void *)pool_release};

__attribute__((noinline)) static double *boxed(double x) {
  double *m = pool_alloc(sizeof(double));
  if (m)
    *m = x * x;
  return m;
}

static double f(double x) {
  double *b = boxed(x);
  return b ? *b * x : 0.0;
}

int main(int argc, char **argv) {
  double d;
  if (strcmp(argv[1], "full") == 0) { // No room at all: f returns 0.
    d = __enzyme_autodiff((void *)f, 1.5);
    printf("d = %g\n", d);
    return 0;
  }
  room = 1; // The primal block only.
  if (strcmp(argv[1], "fwd") == 0)
    d = __enzyme_fwddiff((void *)f, 1.5, 1.0);
  else
    d = __enzyme_autodiff((void *)f, 1.5);
  printf("not reached %g\n", d);
  return 0;
}

// A backward call that cannot use its tape stops the program with a message
// instead of computing a wrong result: a tape made for another function, and
// other arguments or shadows than the forward call's (the adjoint uses them:
// here the loop bound n and the shadow array).
// RUN: %eddy-clang -O0 -DOTHERFN %s -o %t0 && not --crash %run %t0 2>&1 | FileCheck %s --check-prefix=OTHERFN
// RUN: %eddy-clang -O2 -DOTHERFN %s -o %t2 && not --crash %run %t2 2>&1 | FileCheck %s --check-prefix=OTHERFN
// RUN: %eddy-clang -O1 -DOTHERARGS %s -o %t1 && not --crash %run %t1 2>&1 | FileCheck %s --check-prefix=OTHERARGS
// RUN: %eddy-clang -O3 -DOTHERARGS %s -o %t3 && not --crash %run %t3 2>&1 | FileCheck %s --check-prefix=OTHERARGS
// RUN: %eddy-clang -O0 -DOTHERSHADOW %s -o %t4 && not --crash %run %t4 2>&1 | FileCheck %s --check-prefix=OTHERARGS
// RUN: %eddy-clang -O2 -DOTHERSHADOW %s -o %t5 && not --crash %run %t5 2>&1 | FileCheck %s --check-prefix=OTHERARGS
// OTHERFN: eddy: __enzyme_reverse was given a tape that __enzyme_augmentfwd of another function, activity or translation unit made
// OTHERARGS: eddy: __enzyme_reverse was given other arguments or shadows than __enzyme_augmentfwd; pass the same ones (the memory they point to may change)
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>

static void f(double *x, int n) {
  for (int i = 0; i < n; ++i)
    x[i] = sin(x[i]);
}
static void g(double *x, int n) {
  for (int i = 0; i < n; ++i)
    x[i] = x[i] * x[i];
}

int main(void) {
  double x[4] = {1, 2, 3, 4}, dx[4] = {1, 1, 1, 1}, other[4] = {1, 1, 1, 1};
  void *tape = __enzyme_augmentfwd((void *)f, x, dx, enzyme_const, 4);
#if defined(OTHERFN)
  __enzyme_reverse((void *)g, x, dx, enzyme_const, 4, tape);
#elif defined(OTHERARGS)
  __enzyme_reverse((void *)f, x, dx, enzyme_const, 3, tape);
#else
  __enzyme_reverse((void *)f, x, other, enzyme_const, 4, tape);
#endif
  printf("not reached %f %f\n", dx[0], other[0]);
  return 0;
}

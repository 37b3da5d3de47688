// malloc called through a function pointer in a global that may change -- an
// external global, which another translation unit may assign (Enzyme's
// metamalloc shape) -- is refused at the call, with the same message at
// every level. (alloc-global-fnptr-assigned.c: a static one this unit
// assigns; alloc-global-fnptr.c: the accepted cases.)
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <stdlib.h>
double __enzyme_autodiff(void *, ...);

struct {
  int count;
  void *(*allocfn)(size_t);
} tup = {0, malloc};

__attribute__((noinline)) void *meta_malloc(size_t size) {
  // CHECK: alloc-global-fnptr-refused.c:[[@LINE+1]]:10: error: eddy: an indirect call through the function pointer held in global 'tup', which may change (Eddy follows it only when the global is const, or static and never assigned), involves values that depend on the differentiated inputs; declare it so, or call the function directly (while differentiating 'meta_malloc')
  return tup.allocfn(size);
}

double f(double x) {
  // CHECK: alloc-global-fnptr-refused.c:[[@LINE+1]]:17: note: while differentiating 'meta_malloc', called here from 'f'
  double *mem = meta_malloc(8);
  *mem = x * x;
  return mem[0];
}

// CHECK: alloc-global-fnptr-refused.c:[[@LINE+1]]:30: note: while differentiating 'f', requested here
double df(double x) { return __enzyme_autodiff((void *)f, x); }

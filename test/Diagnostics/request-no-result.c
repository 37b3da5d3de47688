// A reverse request whose f has no active scalar parameter returns nothing
// (docs/request-abi.md, Results: one value per active scalar). Using its
// result is an error at the request, at every -O level: it used to be
// refused at -O0 only, where the unused variable `r` still read it.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
#include "eddy/eddy.h"

double f(double *a, int *n) {
  double s = 0;
  for (int i = 0; i < *n; ++i)
    s += a[i] * a[i];
  return s;
}

double requests(double *a, double *da, int n) {
  // CHECK: request-no-result.c:[[@LINE+1]]:14: error: this request's result is used, but 'f' has no active scalar parameter: a reverse request then returns nothing (adjoints go into the shadows of pointer parameters); call it as a statement, or declare an entry point that returns void
  double r = __enzyme_autodiff((void *)f, enzyme_dup, a, da, enzyme_const, &n);
  // CHECK: request-no-result.c:[[@LINE+1]]:9: error: this request's result is used, but 'f' has no active scalar parameter
  r += (__enzyme_autodiff((void *)f, a, da, enzyme_const, &n));
  // CHECK: request-no-result.c:[[@LINE+1]]:10: error: this request's result is used, but 'f' has no active scalar parameter
  return __enzyme_autodiff((void *)f, a, da, enzyme_const, &n);
}

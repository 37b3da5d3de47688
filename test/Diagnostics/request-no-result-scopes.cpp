// Whether a reverse request's result is used is read from the AST's parents,
// which the checker limits to the function being visited (and rebuilds for
// the next one). Requests in a function template's instantiation, in a lambda,
// in a member function and in a local class still get their verdicts, and
// requests called as statements in a later function are still accepted.
// RUN: not %eddy-clangxx -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clangxx -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clangxx -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clangxx -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
#include "eddy/eddy.h"

double f(double *a, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}

template <typename T> T viaTemplate(T *a, T *da, int n) {
  // CHECK: request-no-result-scopes.cpp:[[@LINE+1]]:10: error: this request's result is used, but 'f' has no active scalar parameter
  return __enzyme_autodiff((void *)f, a, da, enzyme_const, n);
}
template double viaTemplate<double>(double *, double *, int);

double inLambda(double *a, double *da, int n) {
  auto g = [&] {
    // CHECK: request-no-result-scopes.cpp:[[@LINE+1]]:12: error: this request's result is used, but 'f' has no active scalar parameter
    return __enzyme_autodiff((void *)f, a, da, enzyme_const, n);
  };
  __enzyme_autodiff((void *)f, a, da, enzyme_const, n); // A statement: fine.
  return g();
}

struct S {
  double m(double *a, double *da, int n) {
    // CHECK: request-no-result-scopes.cpp:[[@LINE+1]]:16: error: this request's result is used, but 'f' has no active scalar parameter
    double r = __enzyme_autodiff((void *)f, a, da, enzyme_const, n);
    return r;
  }
};

void inLocalClass(double *a, double *da, int n) {
  struct Local {
    static double run(double *a, double *da, int n) {
      // CHECK: request-no-result-scopes.cpp:[[@LINE+1]]:14: error: this request's result is used, but 'f' has no active scalar parameter
      return __enzyme_autodiff((void *)f, a, da, enzyme_const, n);
    }
  };
  Local::run(a, da, n);
}

void later(double *a, double *da, int n) {
  __enzyme_autodiff((void *)f, a, da, enzyme_const, n);
  (void)__enzyme_autodiff((void *)f, a, da, enzyme_const, n);
}

// The result of a batch request must hold the N results of the function,
// lane by lane; a void function's batch has no result. Both are errors at
// the request (checked on the IR, where the ABI's shapes are known).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

typedef struct { double r[3]; } D3;
D3 __enzyme_batch(void *, ...);
double __enzyme_batch_one(void *, ...);

double f(double x) { return x * x; }
void g(double *x) { *x *= 2; }

double use(double a, double b, double *p, double *q) {
  // CHECK: batch-result-mismatch.c:[[@LINE+1]]:10: error: eddy: the batch request's return type does not match 'f': it must hold 2 results of 'f', one per lane, in order (e.g. a struct of 2 members of its return type)
  D3 r = __enzyme_batch((void *)f, enzyme_width, 2, a, b);
  // CHECK: batch-result-mismatch.c:[[@LINE+1]]:14: error: eddy: 'g' returns void, so this batch request has no result; declare the entry point void (results written through vector pointer arguments stay there)
  double s = __enzyme_batch_one((void *)g, enzyme_width, 2, p, q);
  return r.r[0] + s;
}

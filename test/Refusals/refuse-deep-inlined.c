// A refused construct three inlinings deep is reported at its own line, the
// same at every level: above -O0 the inliner copies Eddy's locations as they
// are (Passes/InliningLocations.h), and the IR still verifies after every
// pass (-llvm-verify-each).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -Xclang -llvm-verify-each -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -Xclang -llvm-verify-each -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -Xclang -llvm-verify-each -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);

static double (*hook)(double);
void set_hook(double (*fn)(double)) { hook = fn; }

static double leaf(double x) {
  double y = 2.0 * x;
  // CHECK: refuse-deep-inlined.c:[[@LINE+1]]:10: error: eddy: an indirect call through the function pointer held in global 'hook', which may change {{.*}}
  return hook(y) + y;
}

static double mid(double x) { return leaf(x * x) + 1.0; }

static double upper(double x) { return mid(x + 3.0) * x; }

double f(double x) { return upper(x) - x; }

// CHECK: refuse-deep-inlined.c:[[@LINE+1]]:30: note: while differentiating 'f', requested here
double df(double x) { return __enzyme_autodiff((void *)f, x); }

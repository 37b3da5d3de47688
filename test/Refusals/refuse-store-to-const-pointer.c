// Storing a value that depends on the differentiated input through a pointer
// the request marked enzyme_const (memory without a shadow) is refused at the
// store: the derivative would otherwise be lost silently.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
extern int enzyme_const;
double __enzyme_autodiff(void *, ...);

double f(double x, double *scratch) {
  // CHECK: refuse-store-to-const-pointer.c:[[@LINE+1]]:14: error: eddy: a value that depends on the differentiated inputs is stored into or read from memory that is not differentiated, which has no shadow; pass it as an argument with enzyme_dup, or keep derivative-carrying data in locals (while differentiating 'f')
  scratch[0] = x * x;
  return scratch[0] * 3.0;
}

double g(double x, double *s) { return __enzyme_autodiff((void *)f, x, enzyme_const, s); }

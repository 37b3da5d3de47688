// Storing a value that depends on the differentiated input into a global
// variable (which has no shadow) is refused at the store.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);
double last;

double f(double x) {
  double y = x * x;
  // CHECK: refuse-store-to-global.c:[[@LINE+1]]:8: error: eddy: a value that depends on the differentiated inputs is stored into or read from global variable 'last', which has no shadow; pass it as an argument with enzyme_dup, or keep derivative-carrying data in locals (while differentiating 'f')
  last = y;
  return y + last;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

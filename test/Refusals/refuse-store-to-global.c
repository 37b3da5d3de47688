// Storing a pointer to differentiated data into a global variable (globals
// holding pointers have no shadow; those of floating-point data do, see
// test/EnzymeABI/global-intermediate.c) is refused at the store.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);
double *last;

double f(double *x) {
  double y = x[0] * x[0];
  // CHECK: refuse-store-to-global.c:[[@LINE+1]]:8: error: eddy: a value that depends on the differentiated inputs is stored into or read from global variable 'last', which has no shadow; pass it as an argument with enzyme_dup, or keep derivative-carrying data in locals (while differentiating 'f')
  last = x;
  return y + last[1];
}

void g(double *x, double *dx) { __enzyme_autodiff_void((void *)f, x, dx); }

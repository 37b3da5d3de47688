// Inline assembly on a value that depends on the differentiated input is
// refused at the asm statement.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);

double f(double x) {
  double y = x * x;
  // CHECK: refuse-inline-asm.c:[[@LINE+1]]:3: error: eddy: inline assembly uses a value that depends on the differentiated inputs; Eddy cannot see through assembly {{.*}} write it in C, or mark it inactive if no derivative flows (while differentiating 'f')
  __asm__("" : "+x"(y));
  return y * 2.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

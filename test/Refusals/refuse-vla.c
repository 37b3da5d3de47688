// A variable-length local array holding values that depend on the
// differentiated input is refused at its declaration.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);

double f(double x, int n) {
  // CHECK: refuse-vla.c:[[@LINE+1]]:3: error: eddy: a variable-length or dynamically placed local array holds differentiated data; give it a constant size (while differentiating 'f')
  double a[n];
  for (int i = 0; i < n; ++i)
    a[i] = x * i;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}

double g(double x, int n) { return __enzyme_autodiff((void *)f, x, n); }

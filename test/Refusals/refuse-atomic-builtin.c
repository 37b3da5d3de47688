// A C11/GNU atomic store (__atomic_store) of a value that depends on the
// differentiated input into differentiated (enzyme_dup) memory is refused.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
void __enzyme_autodiff(void *, ...);

void f(double *x, double *out) {
  double v = x[0] * x[0];
  // CHECK: refuse-atomic-builtin.c:[[@LINE+1]]:3: error: eddy: volatile or atomic store to differentiated memory; {{.*}} (while differentiating 'f')
  __atomic_store(out, &v, __ATOMIC_SEQ_CST);
}

void g(double *x, double *dx, double *o, double *d) { __enzyme_autodiff((void *)f, x, dx, o, d); }

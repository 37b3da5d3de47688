// An _Atomic double in differentiated memory updated with += (a
// compare-and-swap loop seeded by an atomic load) is refused at the update,
// once.
// (`#pragma omp atomic` s += v, an atomicrmw fadd, is differentiated:
// test/OpenMP/constructs.c.)
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
void __enzyme_autodiff(void *, ...);

void f(_Atomic double *acc, double x) {
  // CHECK-DAG: refuse-atomic-rmw.c:[[@LINE+1]]:8: error: eddy: an atomic compare-and-swap on differentiated memory {{.*}} (while differentiating 'f')
  *acc += x * x;
}

void g(_Atomic double *a, _Atomic double *da, double x) { __enzyme_autodiff((void *)f, a, da, x); }

// A function passed to a callee that calls it is differentiated when it is
// known at compile time (test/Exec/function-pointer-arguments.c); one chosen
// at run time is refused at the call through the parameter, with the same
// message at every level.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);

static double sq(double x) { return x * x; }
static double cube(double x) { return x * x * x; }

__attribute__((noinline)) static double apply(double (*fn)(double), double x) {
  // CHECK: refuse-runtime-function-pointer.c:[[@LINE+1]]:10: error: eddy: an indirect call (through a function pointer Eddy cannot resolve) involves values that depend on the differentiated inputs; call the function directly
  return fn(x) + x;
}

int pick;
double f(double x) { return apply(pick ? sq : cube, x); }

double df(double x) { return __enzyme_autodiff((void *)f, x); }

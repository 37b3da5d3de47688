// A call through a function pointer that is a parameter of the differentiated
// function (so Eddy cannot resolve it) is refused at the call.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);
typedef double (*fn_t)(double);

double apply(double x, fn_t fp) {
  double y = x * 3.0;
  // CHECK: refuse-indirect-call.c:[[@LINE+1]]:10: error: eddy: an indirect call (through a function pointer Eddy cannot resolve) involves values that depend on the differentiated inputs; call the function directly (while differentiating 'apply')
  return fp(y);
}

double g(double x, fn_t fp) { return __enzyme_autodiff((void *)apply, x, fp, fp); }

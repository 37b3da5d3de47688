// A call to a function whose body Eddy cannot see and that has no derivative
// rule, with an argument that depends on the differentiated input, is refused
// at the call's line, naming the callee and the remedy.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double ext(double);
double __enzyme_autodiff(void *, ...);

double f(double x) {
  double y = x * x;
  // CHECK: refuse-external-call.c:[[@LINE+1]]:10: error: eddy: call to 'ext', whose body is not visible and for which Eddy has no derivative rule; define it in this translation unit, or mark it inactive if no derivative flows through it (while differentiating 'f')
  return ext(y) + 1.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

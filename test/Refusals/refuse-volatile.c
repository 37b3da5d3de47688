// A volatile local holding a value that depends on the differentiated input:
// the volatile store and load are refused at their lines.
// NOTE: the messages name the construct but no remedy (unlike the other
// refusals): "volatile or atomic store to differentiated memory".
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);

double f(double x) {
  // CHECK: refuse-volatile.c:[[@LINE+1]]:19: error: eddy: volatile or atomic store to differentiated memory; {{.*}} (while differentiating 'f')
  volatile double t = x * x;
  // CHECK: refuse-volatile.c:[[@LINE+1]]:10: error: eddy: volatile or atomic load of differentiated memory; {{.*}} (while differentiating 'f')
  return t * 2.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

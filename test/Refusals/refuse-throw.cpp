// A function that may throw, called with an active argument from the
// differentiated function, is refused at the throw: exceptions cannot cross a
// differentiated region (the primal f(30) lets main's catch handle it; a
// derivative cannot). Regression test: this used to be accepted and the
// nounwind gradient called std::terminate.
// RUN: not %eddy-clangxx -fexceptions -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdexcept>
double __enzyme_autodiff(void *, ...);

double check(double v) {
  if (v > 100)
    // CHECK: refuse-throw.cpp:[[@LINE+1]]:{{[0-9]+}}: error: eddy: an exception is thrown inside a differentiated function; {{.*}}return value{{.*}} (while differentiating '{{check|f}}(double)')
    throw std::domain_error("too big");
  return v;
}

double f(double x) {
  double y = x * x;
  return check(y) * 2.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

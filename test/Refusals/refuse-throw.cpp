// XFAIL: *
// BUG: a function that may throw, called with an active argument from the
// differentiated function outside any try block, is accepted (only `invoke`
// is refused, see refuse-throw-invoke.cpp). The generated gradient is
// nounwind, so when check() throws the exception cannot leave the derivative:
// the program calls std::terminate ("terminate called after throwing an
// instance of 'std::domain_error'") where the primal f(30) lets main's catch
// handle it (checked at -O0 and -O2). The mission says exceptions cannot cross
// a differentiated region: this must be refused at compile time.
// RUN: not %eddy-clangxx -fexceptions -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <stdexcept>
double __enzyme_autodiff(void *, ...);

double check(double v) {
  if (v > 100)
    throw std::domain_error("too big");
  return v;
}

double f(double x) {
  double y = x * x;
  // CHECK: refuse-throw.cpp:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*}}exception
  return check(y) * 2.0;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

// C++ with exceptions at -O0: inside a try block, a call that may throw with
// an argument that depends on the differentiated input is an `invoke`, and is
// refused at the call. (At -O2 `check` is inlined, the throw is caught inside
// f and Eddy differentiates it correctly, so only -O0 is a refusal.)
// RUN: not %eddy-clangxx -fexceptions -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <stdexcept>
double __enzyme_autodiff(void *, ...);

double check(double v) {
  if (v > 100)
    throw std::domain_error("too big");
  return v;
}

double f(double x) {
  double y = x * x;
  try {
    // CHECK: refuse-throw-invoke.cpp:[[@LINE+1]]:9: error: eddy: a call that may throw an exception involves values that depend on the differentiated inputs; exceptions cannot cross a differentiated region {{.*}} make the callee noexcept or compile with -fno-exceptions (while differentiating 'f(double)')
    y = check(y) * 2.0;
  } catch (const std::exception &) {
    y = 0.0;
  }
  return y;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

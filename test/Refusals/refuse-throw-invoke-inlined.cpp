// C++ with exceptions: inside a try block, a call to a function defined in
// the file that may throw, with an argument that depends on the differentiated
// input. At -O1 and above the inliner brings the callee in; at -O0 Eddy
// inlines it into the copy it differentiates (Canonicalize.cpp,
// inlineInvokedCallees). Either way the `throw` is refused at its line, with
// the same message at every level (-O0 used to refuse the invoke instead,
// "a call that may throw an exception ...": test/Refusals/refuse-throw-invoke.cpp
// keeps that message for a callee without a body).
// RUN: not %eddy-clangxx -fexceptions -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <stdexcept>
double __enzyme_autodiff(void *, ...);

double check(double v) {
  if (v > 100)
    // CHECK: refuse-throw-invoke-inlined.cpp:[[@LINE+1]]:5: error: eddy: an exception is thrown inside a differentiated function; exceptions cannot cross a differentiated region {{.*}} (while differentiating 'f(double)')
    throw std::domain_error("too big");
  return v;
}

double f(double x) {
  double y = x * x;
  try {
    y = check(y) * 2.0;
  } catch (const std::exception &) {
    y = 0.0;
  }
  return y;
}

double g(double x) { return __enzyme_autodiff((void *)f, x); }

// C++ with exceptions: inside a try block, a call that may throw, with an
// argument that depends on the differentiated input, is an `invoke`; when the
// callee's body is not in the module it stays one at every level, and reverse
// mode refuses it at the call. (A callee defined in the file is inlined and its
// `throw` refused instead: refuse-throw-invoke-inlined.cpp.)
// RUN: not %eddy-clangxx -fexceptions -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -fexceptions -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <stdexcept>
double __enzyme_autodiff(void *, ...);

double check_elsewhere(double v); // may throw; its body is not here

double h(double x) {
  double y = x * x;
  try {
    // CHECK: refuse-throw-invoke.cpp:[[@LINE+1]]:9: error: eddy: a call that may throw an exception involves values that depend on the differentiated inputs; exceptions cannot cross a differentiated region {{.*}} make the callee noexcept or compile with -fno-exceptions (while differentiating 'h(double)')
    y = check_elsewhere(y) * 2.0;
  } catch (const std::exception &) {
    y = 0.0;
  }
  return y;
}

double gh(double x) { return __enzyme_autodiff((void *)h, x); }

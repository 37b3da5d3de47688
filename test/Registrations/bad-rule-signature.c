// A rule whose signature does not follow the documented convention is refused
// at the call that needs it, with both signatures spelled out.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>
double ext(double x);
static double ext_tangent(double x) { return 1.0; } // Missing the tangent dx.
EDDY_TANGENT_RULE(ext, ext_tangent)

double f(double x) {
  // CHECK: bad-rule-signature.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: the rule 'ext_tangent' registered for 'ext' has the IR signature double (double) but must have double (double, double)
  return ext(x) * x;
}
double g(double x) { return __enzyme_fwddiff((void *)f, x, 1.0); }

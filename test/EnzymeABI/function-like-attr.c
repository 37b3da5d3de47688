// Enzyme's attribute form of __enzyme_function_like:
// __attribute__((enzyme_function_like("name"))) on a function makes its calls
// use the rule of libm's `name` (its value is still the function's own), in
// reverse, forward and vector forward mode, inlinable or not, at every level.
// Before, Clang ignored the unknown attribute with a warning and the body was
// differentiated: a silently different number. The bodies are truncated
// series, whose own derivatives differ from the rules' (sin' = cos,
// atan' = 1 / (1 + x^2)).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: not %eddy-clang -O0 -DBAD -I%S/../Inputs -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not %eddy-clang -O2 -DBAD -I%S/../Inputs -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"
#include <math.h>

#ifdef BAD
// BAD: function-like-attr.c:[[@LINE+1]]:44: error: 'enzyme_function_like' takes the name of the libm function the function behaves like, as a string: __attribute__((enzyme_function_like("log1p")))
static double bad(double a) __attribute__((enzyme_function_like(3)));
static double bad(double a) { return a; }
double use(double a) { return __enzyme_autodiff((void *)bad, a); }
#else
__attribute__((enzyme_function_like("sin"))) static inline double
sin_like(double a) { return a - a * a * a / 6; }

__attribute__((noinline, enzyme_function_like("atan"))) double atan_like(double u) {
  return u - u * u * u / 3;
}

static double f(double a) { return sin_like(a) + atan_like(a * a); }

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

int main(void) {
  double a = 0.75;
  // d/da [S(a) + T(a^2)] with S' = cos(a), T'(u) = 1 / (1 + u^2) at u = a^2.
  double want = cos(a) + 2 * a / (1 + a * a * a * a);
  eddy_check("rev", __enzyme_autodiff((void *)f, a), want);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, a, 1.0), want);
  T2 t = __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, a, 1.0, -2.0);
  eddy_check("fwd.w2.0", t.t[0], want);
  eddy_check("fwd.w2.1", t.t[1], -2 * want);
  eddy_check("primal", f(a), a - a * a * a / 6 + a * a - pow(a, 6) / 3);
  return eddy_summary();
}
#endif

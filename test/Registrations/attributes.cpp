// The attribute spellings: [[eddy::inactive]] on a function and on a
// variable; __attribute__((eddy_tangent(df), eddy_adjoint(bf))) and
// [[eddy::tangent(df), eddy::adjoint(bf)]] on functions whose bodies are in
// another translation unit, in both modes and at -O0 and -O2.
// softplus(x) = log(1 + exp(x)), d/dx = sigmoid(x); cube(x) = x^3.
//
// RUN: %clang -O2 -c %S/Inputs/softplus-lib.c -o %t.lib.o
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s %t.lib.o -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }
static double softplus_tangent(double x, double dx) { return sigmoid(x) * dx; }
static void softplus_adjoint(double x, double *dx, double dret) { *dx += sigmoid(x) * dret; }

extern "C" __attribute__((eddy_tangent(softplus_tangent), eddy_adjoint(softplus_adjoint)))
double lib_softplus(double x);

static double cube_tangent(double x, double dx) { return 3 * x * x * dx; }
static void cube_adjoint(double x, double *dx, double dret) { *dx += 3 * x * x * dret; }
extern "C" [[eddy::tangent(cube_tangent), eddy::adjoint(cube_adjoint)]] double lib_cube(double x);

[[eddy::inactive]] double last_value;
[[eddy::inactive]] void log_value(double v) { last_value = v; }

static double f(double x, double y) {
  double z = lib_softplus(x * y);
  log_value(z);
  return z * y + lib_cube(x);
}

struct D2 { double dx, dy; };
template <class R, class... A> R __enzyme_autodiff_t(void *, A...);

int main() {
  double x = 0.3, y = -1.2, s = sigmoid(x * y), sp = log1p(exp(x * y));
  D2 g = __enzyme_autodiff_t<D2>((void *)f, x, y);
  eddy_check("rev.dx", g.dx, s * y * y + 3 * x * x);
  eddy_check("rev.dy", g.dy, s * x * y + sp);
  eddy_check("fwd.dx", __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), s * y * y + 3 * x * x);
  eddy_check("logged", last_value, sp);
  return eddy_summary();
}
// CHECK: ALL OK

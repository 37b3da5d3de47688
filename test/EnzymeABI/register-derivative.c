// Enzyme's forward rules, void *__enzyme_register_derivative_<name>[] =
// {function, derivative}: each argument followed by its tangent (a
// floating-point one) or shadow (a pointer; in Enzyme's layout an integer is
// followed by a copy of itself). A derivative returning the tangent is called
// after the function; one of a void function, or one returning {result,
// tangent}, computes the call's effects too and replaces the call. Rules that
// are deliberately not the body's derivative, and call counters, show that
// the body is never differentiated, inlinable or not, at every level, in
// forward and vector forward mode.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static int n_calls;

// (a) The tangent only: the rule says 3x where the body's derivative is 2x.
static inline double sq(double x) { return x * x; }
static double sq_fwd(double x, double dx) { ++n_calls; return 3.0 * x * dx; }
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)sq_fwd};
static double use_sq(double x) { return sq(x) + x; }

// (b) Pointers, void, noinline: the derivative writes the result and its
// tangent (correct: d(src^2) = 2 src dsrc); nothing else computes *dest.
__attribute__((noinline)) void square_into(const double *src, double *dest) {
  *dest = *src * *src;
}
static void square_into_fwd(const double *src, const double *d_src,
                            double *dest, double *d_dest) {
  ++n_calls;
  *dest = *src * *src;
  *d_dest = 2.0 * *src * *d_src;
}
void *__enzyme_register_derivative_square_into[] = {(void *)square_into,
                                                    (void *)square_into_fwd};
static double use_square_into(double x) {
  double y;
  square_into(&x, &y);
  return y * y; // x^4
}

// (c) {result, tangent}, external with a body: the rule's result replaces the
// body's (1 + the body's) and its tangent is 5 dx.
double shifted(double x) { return x + 1.0; }
typedef struct { double value, tangent; } Dual;
Dual shifted_fwd(double x, double dx) {
  ++n_calls;
  Dual d = {x + 2.0, 5.0 * dx};
  return d;
}
void *__enzyme_register_derivative_shifted[] = {(void *)shifted, (void *)shifted_fwd};
static double use_shifted(double x) { return shifted(x) * x; }

// (d) An integer in Enzyme's layout: (x, dx, n, n).
static double scaled(double x, int n) { return n * x; }
static double scaled_fwd(double x, double dx, int n, int n2) {
  ++n_calls;
  (void)x;
  return n == n2 ? 7.0 * n * dx : 0.0;
}
void *__enzyme_register_derivative_scaled[] = {(void *)scaled, (void *)scaled_fwd};
static double use_scaled(double x) { return scaled(x, 3); }

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

int main(void) {
  double x = 0.7;

  n_calls = 0;
  eddy_check("sq.fwd", __enzyme_fwddiff((void *)use_sq, x, 1.0), 3 * x + 1);
  eddy_check_eq("sq.calls", n_calls, 1);
  n_calls = 0;
  T2 t = __enzyme_fwddiff_w2((void *)use_sq, enzyme_width, 2, x, 1.0, -2.0);
  eddy_check("sq.w2.0", t.t[0], 3 * x + 1);
  eddy_check("sq.w2.1", t.t[1], -2 * (3 * x + 1));
  eddy_check_eq("sq.w2.calls", n_calls, 2);

  n_calls = 0;
  eddy_check("square_into.fwd", __enzyme_fwddiff((void *)use_square_into, x, 1.0),
             4 * x * x * x);
  eddy_check_eq("square_into.calls", n_calls, 1);

  // (x + 2) x by the rule: tangent 5 x + (x + 2).
  n_calls = 0;
  eddy_check("shifted.fwd", __enzyme_fwddiff((void *)use_shifted, x, 1.0),
             5 * x + x + 2);
  eddy_check_eq("shifted.calls", n_calls, 1);

  n_calls = 0;
  eddy_check("scaled.fwd", __enzyme_fwddiff((void *)use_scaled, x, 2.0), 42.0);
  eddy_check_eq("scaled.calls", n_calls, 1);
  eddy_check("scaled.primal", use_scaled(x), 3 * x);
  return eddy_summary();
}

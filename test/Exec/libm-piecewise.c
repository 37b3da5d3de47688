// Piecewise-smooth libm functions (fabs fmin fmax copysign floor ceil round
// fmod) in both modes, at points away from their kinks, where the derivative
// is the one of the active piece: sign(x) for fabs, the selected argument for
// fmin/fmax, 0 for the rounding functions. Each reference is also checked
// against central differences (valid because no kink lies within the step).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

// Multiplying by x*x (or adding it) makes a derivative of 0 from the rounding
// functions observable: a wrong non-zero rule changes the result.
static double f_fabs(double x) { return fabs(x) * 3.0; }
static double f_floor(double x) { return floor(x) * x; }       // d = floor(x)
static double f_ceil(double x) { return ceil(x) * x; }         // d = ceil(x)
static double f_round(double x) { return round(x) + x * x; }   // d = 2x

static double f_fmin(double x, double y) { return fmin(x, y); }
static double f_fmax(double x, double y) { return fmax(x, y); }
static double f_copysign(double x, double y) { return copysign(x, y); }
static double f_fmod(double x, double y) { return fmod(x, y); }

static double sgn(double v) { return v < 0 ? -1.0 : 1.0; }

#define CHECK_UNARY(name, x0, ref_expr)                                        \
  do {                                                                         \
    double x = (x0), ref = (ref_expr);                                         \
    eddy_check_fd(#name "(" #x0 ").ref_vs_fd", ref, eddy_fd(f_##name, x));     \
    eddy_check(#name "(" #x0 ").rev", __enzyme_autodiff((void *)f_##name, x), ref); \
    eddy_check(#name "(" #x0 ").fwd", __enzyme_fwddiff((void *)f_##name, x, 1.0), ref); \
  } while (0)

// Both partials by one reverse pass and two forward passes; FD of each
// partial as the reference check.
static double (*fd_g)(double, double);
static double fd_y0, fd_x0;
static double fd_in_x(double x) { return fd_g(x, fd_y0); }
static double fd_in_y(double y) { return fd_g(fd_x0, y); }

#define CHECK_BINARY(name, x0, y0, rdx, rdy)                                   \
  do {                                                                         \
    double x = (x0), y = (y0);                                                 \
    fd_g = f_##name; fd_x0 = x; fd_y0 = y;                                     \
    eddy_check_fd(#name "(" #x0 "," #y0 ").dx.ref_vs_fd", rdx, eddy_fd(fd_in_x, x)); \
    eddy_check_fd(#name "(" #x0 "," #y0 ").dy.ref_vs_fd", rdy, eddy_fd(fd_in_y, y)); \
    D2 g = __enzyme_autodiff_d2((void *)f_##name, x, y);                       \
    eddy_check(#name "(" #x0 "," #y0 ").rev.dx", g.dx, rdx);                   \
    eddy_check(#name "(" #x0 "," #y0 ").rev.dy", g.dy, rdy);                   \
    eddy_check(#name "(" #x0 "," #y0 ").fwd.dx",                               \
               __enzyme_fwddiff((void *)f_##name, x, 1.0, y, 0.0), rdx);       \
    eddy_check(#name "(" #x0 "," #y0 ").fwd.dy",                               \
               __enzyme_fwddiff((void *)f_##name, x, 0.0, y, 1.0), rdy);       \
  } while (0)

int main(void) {
  CHECK_UNARY(fabs, 1.25, 3.0);
  CHECK_UNARY(fabs, -0.5, -3.0);
  CHECK_UNARY(floor, 2.3, 2.0);
  CHECK_UNARY(floor, -1.4, -2.0);
  CHECK_UNARY(ceil, 2.3, 3.0);
  CHECK_UNARY(ceil, -1.4, -1.0);
  CHECK_UNARY(round, 2.3, 4.6);
  CHECK_UNARY(round, -1.7, -3.4);

  CHECK_BINARY(fmin, 0.5, 2.0, 1.0, 0.0);
  CHECK_BINARY(fmin, 3.0, -1.0, 0.0, 1.0);
  CHECK_BINARY(fmax, 0.5, 2.0, 0.0, 1.0);
  CHECK_BINARY(fmax, 3.0, -1.0, 1.0, 0.0);
  // copysign(x, y) = |x| sign(y): d/dx = sign(x) sign(y), d/dy = 0.
  CHECK_BINARY(copysign, 1.5, -2.0, sgn(1.5) * sgn(-2.0), 0.0);
  CHECK_BINARY(copysign, -1.5, -2.0, sgn(-1.5) * sgn(-2.0), 0.0);
  CHECK_BINARY(copysign, -1.5, 4.0, sgn(-1.5) * sgn(4.0), 0.0);
  // fmod(x, y) = x - trunc(x/y) y: d/dx = 1, d/dy = -trunc(x/y).
  CHECK_BINARY(fmod, 7.5, 2.0, 1.0, -trunc(7.5 / 2.0));
  CHECK_BINARY(fmod, -7.5, 2.0, 1.0, -trunc(-7.5 / 2.0));
  return eddy_summary();
}

// CHECK: OK fabs(-0.5).rev
// CHECK: OK round(-1.7).fwd
// CHECK: OK fmin(3.0,-1.0).rev.dy
// CHECK: OK copysign(-1.5,4.0).fwd.dx
// CHECK: OK fmod(-7.5,2.0).fwd.dy
// CHECK: ALL OK

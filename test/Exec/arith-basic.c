// The arithmetic operators + - * / and negation, and fma, in both modes.
// Two active arguments come back from reverse mode as a struct of two doubles;
// fma's three partials are taken one at a time with the other arguments
// marked enzyme_const.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

static double add(double x, double y) { return x + y; }
static double sub(double x, double y) { return x - y; }
static double mul(double x, double y) { return x * y; }
static double divide(double x, double y) { return x / y; }
static double neg(double x, double y) { return -x + 0.0 * y; }
// Same variable on both sides: d/dx (x*x - x/x + x) = 2x + 1.
static double self(double x, double y) { return x * x - x / x + x + y * 0.0; }
// A longer expression with every operator: (x - 2y) * (x + y) / (1 + y*y) - (-x).
static double mixed(double x, double y) { return (x - 2 * y) * (x + y) / (1 + y * y) - (-x); }

static double f_fma(double a, double b, double c) { return fma(a, b, c) * a; }

// Analytic partials of function number k at (x, y).
static D2 analytic(int k, double x, double y) {
  D2 r = {0, 0};
  switch (k) {
  case 0: r.dx = 1; r.dy = 1; break;
  case 1: r.dx = 1; r.dy = -1; break;
  case 2: r.dx = y; r.dy = x; break;
  case 3: r.dx = 1 / y; r.dy = -x / (y * y); break;
  case 4: r.dx = -1; r.dy = 0; break;
  case 5: r.dx = 2 * x + 1; r.dy = 0; break;
  case 6: {
    double u = (x - 2 * y) * (x + y), v = 1 + y * y;
    double du_dx = (x + y) + (x - 2 * y), du_dy = -2 * (x + y) + (x - 2 * y);
    r.dx = du_dx / v + 1;
    r.dy = (du_dy * v - u * 2 * y) / (v * v);
    break;
  }
  }
  return r;
}

static double (*fd_g)(double, double);
static double fd_x0, fd_y0;
static double fd_in_x(double x) { return fd_g(x, fd_y0); }
static double fd_in_y(double y) { return fd_g(fd_x0, y); }

// Each request names its function directly: the function argument must be a
// compile-time constant, so the checks cannot loop over a table.
#define CHECK(k, fn, x0, y0)                                                   \
  do {                                                                         \
    double x = (x0), y = (y0);                                                 \
    D2 ref = analytic(k, x, y);                                                \
    fd_g = fn; fd_x0 = x; fd_y0 = y;                                           \
    eddy_check_fd(#fn ".dx.ref_vs_fd", ref.dx, eddy_fd(fd_in_x, x));           \
    eddy_check_fd(#fn ".dy.ref_vs_fd", ref.dy, eddy_fd(fd_in_y, y));           \
    D2 g = __enzyme_autodiff_d2((void *)fn, x, y);                             \
    eddy_check(#fn ".rev.dx", g.dx, ref.dx);                                   \
    eddy_check(#fn ".rev.dy", g.dy, ref.dy);                                   \
    eddy_check(#fn ".fwd.dx", __enzyme_fwddiff((void *)fn, x, 1.0, y, 0.0), ref.dx); \
    eddy_check(#fn ".fwd.dy", __enzyme_fwddiff((void *)fn, x, 0.0, y, 1.0), ref.dy); \
  } while (0)

int main(void) {
  CHECK(0, add, 1.5, -0.25);
  CHECK(1, sub, 1.5, -0.25);
  CHECK(2, mul, 1.5, -0.25);
  CHECK(3, divide, 1.5, -0.25);
  CHECK(4, neg, 1.5, -0.25);
  CHECK(5, self, 1.5, -0.25);
  CHECK(6, mixed, 0.7, 1.3);

  // fma(a,b,c)*a: d/da = 2ab + c, d/db = a^2, d/dc = a.
  double a = 1.2, b = -0.7, c = 0.4;
  eddy_check("fma.rev.da", __enzyme_autodiff((void *)f_fma, a, enzyme_const, b, enzyme_const, c), 2 * a * b + c);
  eddy_check("fma.rev.db", __enzyme_autodiff((void *)f_fma, enzyme_const, a, b, enzyme_const, c), a * a);
  eddy_check("fma.rev.dc", __enzyme_autodiff((void *)f_fma, enzyme_const, a, enzyme_const, b, c), a);
  eddy_check("fma.fwd.da", __enzyme_fwddiff((void *)f_fma, a, 1.0, b, 0.0, c, 0.0), 2 * a * b + c);
  eddy_check("fma.fwd.db", __enzyme_fwddiff((void *)f_fma, a, 0.0, b, 1.0, c, 0.0), a * a);
  eddy_check("fma.fwd.dc", __enzyme_fwddiff((void *)f_fma, a, 0.0, b, 0.0, c, 1.0), a);
  // Forward is linear in the tangent: a general direction.
  eddy_check("fma.fwd.dir", __enzyme_fwddiff((void *)f_fma, a, 0.5, b, -1.0, c, 2.0),
             0.5 * (2 * a * b + c) - a * a + 2 * a);
  return eddy_summary();
}

// CHECK: OK add.rev.dx
// CHECK: OK divide.rev.dy
// CHECK: OK mixed.fwd.dy
// CHECK: OK fma.rev.dc
// CHECK: OK fma.fwd.dir
// CHECK: ALL OK

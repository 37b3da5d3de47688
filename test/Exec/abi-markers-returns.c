// The request ABI itself: explicit enzyme_out / enzyme_const / enzyme_dup on
// scalars, defaults, an integer between active arguments, several active
// scalars returned as a struct (two doubles come back in registers, three
// or more through a hidden sret pointer on x86-64), a pointer mixed between
// scalars, and the same function requested with different activities (the
// generated derivatives must not be confused).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double a, b; } D2;
typedef struct { double a, b, c; } D3;
typedef struct { double a, b, c, d; } D4;
D2 __enzyme_autodiff_d2(void *, ...);
D3 __enzyme_autodiff_d3(void *, ...);
D4 __enzyme_autodiff_d4(void *, ...);

// f(a, b, c) = a^2 b + sin(c) a + b c^3
static double f(double a, double b, double c) { return a * a * b + sin(c) * a + b * c * c * c; }
#define DA(a, b, c) (2 * (a) * (b) + sin(c))
#define DB(a, b, c) ((a) * (a) + (c) * (c) * (c))
#define DC(a, b, c) (cos(c) * (a) + 3 * (b) * (c) * (c))

// An integer in the middle and a pointer among scalars:
// g(a, k, x[], b) = k a x0 + b x1^2 + a b
static double g(double a, int k, const double *x, double b) { return k * a * x[0] + b * x[1] * x[1] + a * b; }

// Four active scalars.
static double h(double a, double b, double c, double d) { return a * b - c / d + exp(a * d); }

static double fa(double a) { return f(a, -0.5, 0.8); }

int main(void) {
  double a = 1.3, b = -0.5, c = 0.8;
  double ra = DA(a, b, c), rb = DB(a, b, c), rc = DC(a, b, c);
  eddy_check_fd("f.da.ref_vs_fd", ra, eddy_fd(fa, a));

  D3 g3 = __enzyme_autodiff_d3((void *)f, a, b, c); // all active by default
  eddy_check("f.rev.default.da", g3.a, ra);
  eddy_check("f.rev.default.db", g3.b, rb);
  eddy_check("f.rev.default.dc", g3.c, rc);
  g3 = __enzyme_autodiff_d3((void *)f, enzyme_out, a, enzyme_out, b, enzyme_out, c);
  eddy_check("f.rev.out.da", g3.a, ra);
  eddy_check("f.rev.out.dc", g3.c, rc);
  D2 g2 = __enzyme_autodiff_d2((void *)f, a, enzyme_const, b, c); // skips b
  eddy_check("f.rev.const_b.da", g2.a, ra);
  eddy_check("f.rev.const_b.dc", g2.b, rc);
  eddy_check("f.rev.only_b", __enzyme_autodiff((void *)f, enzyme_const, a, b, enzyme_const, c), rb);
  // The function pointer behind an extra cast.
  eddy_check("f.rev.cast", __enzyme_autodiff((void *)(double (*)(double, double, double))f,
                                             enzyme_const, a, enzyme_const, b, c), rc);

  // Forward: const scalars take no tangent; enzyme_dup on a scalar means "value, tangent".
  eddy_check("f.fwd.all", __enzyme_fwddiff((void *)f, a, 1.0, b, 2.0, c, -1.0), ra + 2 * rb - rc);
  eddy_check("f.fwd.const", __enzyme_fwddiff((void *)f, enzyme_const, a, b, 1.0, enzyme_const, c), rb);
  eddy_check("f.fwd.dup", __enzyme_fwddiff((void *)f, enzyme_dup, a, 1.0, enzyme_const, b, enzyme_dup, c, 0.5),
             ra + 0.5 * rc);

  // g with an int and a pointer among the scalars: returns (da, db), dx in its shadow.
  double x[2] = {0.4, -1.1}, dx[2] = {0, 0};
  int k = 3;
  D2 gg = __enzyme_autodiff_d2((void *)g, a, k, enzyme_dup, x, dx, b);
  eddy_check("g.rev.da", gg.a, k * x[0] + b);
  eddy_check("g.rev.db", gg.b, x[1] * x[1] + a);
  eddy_check("g.rev.dx0", dx[0], k * a);
  eddy_check("g.rev.dx1", dx[1], 2 * b * x[1]);
  double vx[2] = {1.0, 0.0};
  eddy_check("g.fwd", __enzyme_fwddiff((void *)g, a, 0.5, k, x, vx, b, 0.0), 0.5 * (k * x[0] + b) + k * a);

  // Four active scalars through sret.
  double d = 0.9;
  D4 g4 = __enzyme_autodiff_d4((void *)h, a, b, c, d);
  eddy_check("h.rev.da", g4.a, b + d * exp(a * d));
  eddy_check("h.rev.db", g4.b, a);
  eddy_check("h.rev.dc", g4.c, -1 / d);
  eddy_check("h.rev.dd", g4.d, c / (d * d) + a * exp(a * d));
  return eddy_summary();
}

// CHECK: OK f.rev.default.dc
// CHECK: OK f.rev.const_b.dc
// CHECK: OK f.rev.cast
// CHECK: OK f.fwd.dup
// CHECK: OK g.fwd
// CHECK: OK h.rev.dd
// CHECK: ALL OK

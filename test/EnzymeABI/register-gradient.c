// Enzyme's reverse rules, void *__enzyme_register_gradient_<name>[] =
// {function, augmented forward, reverse}: the augmented forward runs where the
// call runs (it computes the call's result and effects), its tape reaches the
// reverse, and the reverse runs once per call, returning the adjoints of the
// floating-point arguments. Rules that are deliberately not the body's
// derivative, and call counters, show that the body is never differentiated:
// with the body visible and inlinable (static inline), external with a body,
// and noinline, at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

static int n_aug, n_rev;

// (a) Scalar, no tape: the augmented forward returns the result itself and
// the reverse takes (x, dret). The rule says 3x where the body's derivative
// is 2x.
static inline double sq(double x) { return x * x; }
static double sq_aug(double x) { ++n_aug; return x * x; }
static double sq_rev(double x, double dret) { ++n_rev; return 3.0 * x * dret; }
void *__enzyme_register_gradient_sq[] = {(void *)sq, (void *)sq_aug, (void *)sq_rev};

static double use_sq(double x) { return sq(x) + x; }

// (b) Two scalars, a heap tape, a struct result: the augmented forward
// returns {tape, result}; the reverse (x, y, dret, tape) returns
// {dx, dy} and frees the tape. External with a body: inlined at -O1 and up
// without the registration. Correct rule: d(sin(x) y) = (cos(x) y, sin(x)).
double wave(double x, double y) { return sin(x) * y; }
typedef struct { void *tape; double result; } WaveAug;
typedef struct { double dx, dy; } WaveGrad;
WaveAug wave_aug(double x, double y) {
  ++n_aug;
  double *t = malloc(2 * sizeof(double));
  t[0] = cos(x);
  t[1] = sin(x);
  WaveAug r = {t, t[1] * y};
  return r;
}
WaveGrad wave_rev(double x, double y, double dret, void *tape) {
  ++n_rev;
  double *t = tape;
  WaveGrad g = {t[0] * y * dret, t[1] * dret};
  (void)x;
  free(tape);
  return g;
}
void *__enzyme_register_gradient_wave[] = {(void *)wave, (void *)wave_aug,
                                           (void *)wave_rev};

// A request differentiates the body of the function it names (so does
// Enzyme); the rule serves calls of wave.
static double use_wave(double x, double y) { return wave(x, y); }

// A loop: one tape per iteration, each reaching its own reverse call.
static double sweep(double x, double y, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += wave(x + i, y * s + 1.0);
  return s;
}

// (c) Pointers, void, noinline: Enzyme's layout gives every pointer its
// shadow; the augmented forward of a void function returns the tape. The
// rule writes 5 * src * d_dest where the body's derivative is 2 * src.
__attribute__((noinline)) void square_into(const double *src, double *dest) {
  *dest = *src * *src;
}
static void *square_into_aug(const double *src, const double *d_src,
                             double *dest, double *d_dest) {
  ++n_aug;
  (void)d_src, (void)d_dest;
  *dest = *src * *src;
  double *t = malloc(sizeof(double));
  *t = *src;
  return t;
}
static void square_into_rev(const double *src, double *d_src, double *dest,
                            double *d_dest, void *tape) {
  ++n_rev;
  (void)src, (void)dest;
  *d_src += 5.0 * *(double *)tape * *d_dest;
  *d_dest = 0.0;
  free(tape);
}
void *__enzyme_register_gradient_square_into[] = {
    (void *)square_into, (void *)square_into_aug, (void *)square_into_rev};

static double use_square_into(double x) {
  double y;
  square_into(&x, &y);
  return y * x;
}

// (d) Three adjoints (a struct returned through memory) and an integer
// argument, which Enzyme's layout follows by a copy of itself.
static double tri(double a, int k, double b, double c) { return k * a * b * c; }
typedef struct { double da, db, dc; } TriGrad;
static double tri_aug(double a, int k, int k2, double b, double c) {
  ++n_aug;
  return k2 == k ? k * a * b * c : -1.0;
}
static TriGrad tri_rev(double a, int k, int k2, double b, double c, double d) {
  ++n_rev;
  (void)k2;
  TriGrad g = {k * b * c * d, k * a * c * d, k * a * b * d};
  return g;
}
void *__enzyme_register_gradient_tri[] = {(void *)tri, (void *)tri_aug,
                                          (void *)tri_rev};
static double use_tri(double a, double b, double c) { return tri(a, 2, b, c) + a; }

typedef struct { double a, b, c; } Grad3;
Grad3 __enzyme_autodiff_3(void *, ...);
typedef struct { double x, y; } Grad2;
Grad2 __enzyme_autodiff_2(void *, ...);

int main(void) {
  double x = 0.7, y = -1.3;

  n_aug = n_rev = 0;
  eddy_check("sq.rule", __enzyme_autodiff((void *)use_sq, x), 3 * x + 1);
  eddy_check_eq("sq.aug", n_aug, 1);
  eddy_check_eq("sq.rev", n_rev, 1);
  eddy_check("sq.primal", use_sq(x), x * x + x);

  n_aug = n_rev = 0;
  Grad2 g = __enzyme_autodiff_2((void *)use_wave, x, y);
  eddy_check("wave.dx", g.x, cos(x) * y);
  eddy_check("wave.dy", g.y, sin(x));
  eddy_check_eq("wave.aug", n_aug, 1);
  eddy_check_eq("wave.rev", n_rev, 1);

  // s_{i+1} = s_i + sin(x + i) (y s_i + 1): against central differences.
  n_aug = n_rev = 0;
  Grad2 gs = __enzyme_autodiff_2((void *)sweep, x, y, enzyme_const, 4);
  eddy_check_eq("sweep.aug", n_aug, 4);
  eddy_check_eq("sweep.rev", n_rev, 4);
  double h = 1e-6;
  eddy_check_fd("sweep.dx", gs.x, (sweep(x + h, y, 4) - sweep(x - h, y, 4)) / (2 * h));
  eddy_check_fd("sweep.dy", gs.y, (sweep(x, y + h, 4) - sweep(x, y - h, 4)) / (2 * h));

  // use_square_into = y x with y = x^2 from the augmented forward: the
  // adjoint of y is x, of x (direct) y; the rule adds 5 x * x.
  n_aug = n_rev = 0;
  eddy_check("square_into.rule", __enzyme_autodiff((void *)use_square_into, x),
             x * x + 5 * x * x);
  eddy_check_eq("square_into.aug", n_aug, 1);
  eddy_check_eq("square_into.rev", n_rev, 1);

  n_aug = n_rev = 0;
  double a = 0.5, b = -2.0, c = 1.5;
  Grad3 g3 = __enzyme_autodiff_3((void *)use_tri, a, b, c);
  eddy_check("tri.da", g3.a, 2 * b * c + 1);
  eddy_check("tri.db", g3.b, 2 * a * c);
  eddy_check("tri.dc", g3.c, 2 * a * b);
  eddy_check_eq("tri.aug", n_aug, 1);
  eddy_check_eq("tri.rev", n_rev, 1);
  return eddy_summary();
}

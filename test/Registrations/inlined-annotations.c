// Annotations on functions whose bodies are in this translation unit and that
// the optimizer would inline or rewrite before Eddy runs (static, static
// inline, always_inline, external with a body, one whose result IPSCCP would
// fold to a constant): the annotation, not the body, decides the derivative,
// at every level, in forward, vector forward and reverse mode, and for a
// named derivative (EDDY_GRADIENT_OF) whose primal calls an inactive function.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

// A stop-gradient: its body would add 3 to every derivative.
static double stop(double s) { return s * 3; }
EDDY_INACTIVE_FUNCTION(stop)

// Straight-through rounding: the body's derivative is 0, the rules' is 1.
static inline double round_ste(double x) { return floor(x + 0.5); }
static double round_ste_tangent(double x, double dx) { (void)x; return dx; }
static void round_ste_adjoint(double x, double *dx, double dret) { (void)x; *dx += dret; }
EDDY_TANGENT_RULE(round_ste, round_ste_tangent)
EDDY_ADJOINT_RULE(round_ste, round_ste_adjoint)

// always_inline is inlined even at -O0 (by the always-inliner).
static inline __attribute__((always_inline)) double clip(double x) {
  return x > 1.0 ? 1.0 : x;
}
static double clip_tangent(double x, double dx) { (void)x; return 0.5 * dx; }
static void clip_adjoint(double x, double *dx, double dret) { (void)x; *dx += 0.5 * dret; }
EDDY_TANGENT_RULE(clip, clip_tangent)
EDDY_ADJOINT_RULE(clip, clip_adjoint)

// External linkage with a body: inlined at -O1 and above.
double scaled(double x) { return 10.0 * x; }
static double scaled_tangent(double x, double dx) { (void)x; return 4.0 * dx; }
static void scaled_adjoint(double x, double *dx, double dret) { (void)x; *dx += 4.0 * dret; }
EDDY_TANGENT_RULE(scaled, scaled_tangent)
EDDY_ADJOINT_RULE(scaled, scaled_adjoint)

// Always returns 1: IPSCCP replaces its calls' results by the constant.
static __attribute__((noinline)) double tick(double x) { (void)x; return 1.0; }
static double tick_tangent(double x, double dx) { (void)x; return 2.0 * dx; }
static void tick_adjoint(double x, double *dx, double dret) { (void)x; *dx += 2.0 * dret; }
EDDY_TANGENT_RULE(tick, tick_tangent)
EDDY_ADJOINT_RULE(tick, tick_adjoint)

// d/dx = 2x + 1 + 1 + 0.5 + 4 + (2x + tick(x)) = 4x + 7.5 (x < 1 for clip).
static double f(double x) {
  return x * x + stop(x) + round_ste(x) + x + clip(x) + scaled(x) + tick(x) * x;
}
static double df(double x) { return 4 * x + 7.5; }

// Through a pointer: sum_i (w_i^2 + stop(w_i)) + round_ste(w_0 w_1).
static double loss(const double *w, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += w[i] * w[i] + stop(w[i]);
  return s + round_ste(w[0] * w[1]);
}
void loss_grad(const double *w, double *d_w, int n) EDDY_GRADIENT_OF(loss);

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

int main(void) {
  double x = 0.3;
  eddy_check("f.rev", __enzyme_autodiff((void *)f, x), df(x));
  eddy_check("f.fwd", __enzyme_fwddiff((void *)f, x, 1.0), df(x));
  T2 t = __enzyme_fwddiff_w2((void *)f, enzyme_width, 2, x, 1.0, -2.0);
  eddy_check("f.fwd.w2.0", t.t[0], df(x));
  eddy_check("f.fwd.w2.1", t.t[1], -2.0 * df(x));
  // The primal still runs the bodies.
  eddy_check("f.value", f(x), x * x + 3 * x + 0.0 + x + x + 10 * x + x);

  double w[3] = {0.4, -1.5, 2.0}, dw[3] = {0, 0, 0};
  __enzyme_autodiff((void *)loss, w, dw, enzyme_const, 3);
  eddy_check("loss.rev.0", dw[0], 2 * w[0] + w[1]);
  eddy_check("loss.rev.1", dw[1], 2 * w[1] + w[0]);
  eddy_check("loss.rev.2", dw[2], 2 * w[2]);
  double gw[3] = {0, 0, 0};
  loss_grad(w, gw, 3);
  eddy_check("loss.named.0", gw[0], 2 * w[0] + w[1]);
  eddy_check("loss.named.1", gw[1], 2 * w[1] + w[0]);
  eddy_check("loss.named.2", gw[2], 2 * w[2]);
  // Vector reverse mode: both lanes seeded with 1.0 get the gradient.
  double g0[3] = {0, 0, 0}, g1[3] = {0, 0, 0};
  __enzyme_autodiff((void *)loss, enzyme_width, 2, w, g0, g1, enzyme_const, 3);
  eddy_check("loss.rev.w2.0", g0[0], 2 * w[0] + w[1]);
  eddy_check("loss.rev.w2.1", g1[1], 2 * w[1] + w[0]);
  eddy_check("loss.rev.w2.2", g1[2], 2 * w[2]);
  double tw[3] = {1, 0, 0};
  eddy_check("loss.fwd.0",
             __enzyme_fwddiff((void *)loss, w, tw, enzyme_const, 3), 2 * w[0] + w[1]);
  return eddy_summary();
}

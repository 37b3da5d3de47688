// __enzyme_shadow(&g, width, lane) gives the shadow of a global variable,
// which the program then manages, as in Enzyme: forward mode reads the
// tangent seeded there, reverse mode ADDS the adjoint into it (nothing zeroes
// it), and each width and lane has its own. A member of a global struct is
// asked for at its address.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

void *__enzyme_shadow(void *, int, int);
typedef struct { double a, b; } D2;
D2 __enzyme_fwddiff_d2(void *, ...);

double gain = 2.0;
struct {
  double offset, slope;
} line = {1.0, 3.0};

// f(x) = gain x^2 + slope x
static double f(double x) { return gain * x * x + line.slope * x; }
// Writes a global too: out = gain * x (its shadow is user-managed as well).
double out;
static void scale(double x) { out = gain * x; }

int main(void) {
  double x = 1.5;
  double *dgain = (double *)__enzyme_shadow(&gain, 1, 0);
  double *dslope = (double *)__enzyme_shadow(&line.slope, 1, 0);

  // Reverse: d/dgain = x^2, d/dslope = x, added into the shadows.
  *dgain = 0;
  *dslope = 0;
  eddy_check("rev.dx", __enzyme_autodiff((void *)f, x), 2 * 2.0 * x + 3.0);
  eddy_check("rev.dgain", *dgain, x * x);
  eddy_check("rev.dslope", *dslope, x);
  __enzyme_autodiff((void *)f, x);
  eddy_check("rev.accumulates", *dgain, 2 * x * x);

  // Forward: the seeded tangent of gain.
  *dgain = 1;
  *dslope = 0;
  eddy_check("fwd.gain", __enzyme_fwddiff((void *)f, x, 0.0), x * x);
  *dgain = 0;
  *dslope = 1;
  eddy_check("fwd.slope+x", __enzyme_fwddiff((void *)f, x, 1.0), x + 2 * 2.0 * x + 3.0);

  // Width 2: lanes have their own shadows, the width-1 shadow stays.
  double *g0 = (double *)__enzyme_shadow(&gain, 2, 0), *g1 = (double *)__enzyme_shadow(&gain, 2, 1);
  double *s0 = (double *)__enzyme_shadow(&line.slope, 2, 0), *s1 = (double *)__enzyme_shadow(&line.slope, 2, 1);
  *g0 = 1, *g1 = 0, *s0 = 0, *s1 = 1;
  D2 t = __enzyme_fwddiff_d2((void *)f, enzyme_width, 2, x, 0.0, 0.0);
  eddy_check("fwd.w2.lane0", t.a, x * x);
  eddy_check("fwd.w2.lane1", t.b, x);
  eddy_check("fwd.w1.unchanged", *dslope, 1.0);

  // A global written inside: forward leaves its tangent in the shadow,
  // reverse takes the adjoint seeded there.
  double *dout = (double *)__enzyme_shadow(&out, 1, 0);
  *dgain = 0;
  *dout = 0;
  __enzyme_fwddiff_void((void *)scale, x, 1.0);
  eddy_check("scale.value", out, 2.0 * x);
  eddy_check("scale.fwd.dout", *dout, 2.0);
  *dout = 1; // cotangent of out
  *dgain = 0;
  double dx = __enzyme_autodiff((void *)scale, x);
  eddy_check("scale.rev.dx", dx, 2.0);
  eddy_check("scale.rev.dgain", *dgain, x);
  eddy_check("scale.rev.dout_consumed", *dout, 0.0);
  return eddy_summary();
}
// CHECK: ALL OK

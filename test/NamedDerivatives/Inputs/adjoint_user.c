/* Uses adjoint_lib's exported adjoints as adjoint rules, with no glue: the
 * functions have no body here, and reverse mode calls softclip_vjp with the
 * cotangent its caller computed (3 in model(), below), and wdot_vjp with a
 * null shadow for an array the caller holds constant. Every number is
 * checked against the analytic derivative. */
#include "adjoint_lib.h"
#include "eddy_check.h"
#include <math.h>

EDDY_ADJOINT_RULE(softclip, softclip_vjp)
EDDY_ADJOINT_RULE(wdot, wdot_vjp)

typedef struct { double dx, ds; } Grad2;
Grad2 __enzyme_autodiff_model(void *, ...);
void __enzyme_autodiff_loss(void *, ...);

/* 3 softclip(x^2, s) + x */
static double model(double x, double s) { return 3 * softclip(x * x, s) + x; }

/* (wdot(w, x))^2 / 2 */
static double loss(const double *w, const double *x, int n) {
  double d = wdot(w, x, n);
  return 0.5 * d * d;
}

static double sech2(double u) { return 1 - tanh(u) * tanh(u); }

int main(void) {
  /* The exported adjoint, called directly: adjoints ADDED, seed 2.5. */
  double x = 0.8, s = 1.7, dx = 1.0, ds = 0.0;
  softclip_vjp(x, &dx, s, &ds, 2.5);
  eddy_check("softclip_vjp d_x", dx, 1.0 + 2.5 * sech2(x / s));
  eddy_check("softclip_vjp d_s", ds, 2.5 * (tanh(x / s) - x / s * sech2(x / s)));

  /* As the adjoint rule of another unit's reverse mode. */
  Grad2 g = __enzyme_autodiff_model((void *)model, x, s);
  double u = x * x / s;
  eddy_check("model d/dx", g.dx, 3 * sech2(u) * 2 * x + 1);
  eddy_check("model d/ds", g.ds, 3 * (tanh(u) - u * sech2(u)));

  /* Two arrays: both differentiated, then x held constant (a null shadow). */
  double w[3] = {0.5, -1.0, 2.0}, xs[3] = {0.3, 1.1, -0.7};
  double dw[3] = {0}, dxs[3] = {0};
  double d = wdot(w, xs, 3);
  __enzyme_autodiff_loss((void *)loss, w, dw, xs, dxs, 3);
  for (int i = 0; i < 3; ++i) {
    eddy_checkf_tol(dw[i], d * sin(xs[i]), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "loss d/dw[%d]%.0d", i, 0);
    eddy_checkf_tol(dxs[i], d * w[i] * cos(xs[i]), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "loss d/dx[%d]%.0d", i, 0);
  }
  double dw2[3] = {0};
  __enzyme_autodiff_loss((void *)loss, w, dw2, enzyme_const, xs, 3);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dw2[i], d * sin(xs[i]), EDDY_RTOL_EXACT, EDDY_ATOL_EXACT,
                    "loss const x d/dw[%d]%.0d", i, 0);
  /* Directly with both (read-only) shadows null: nothing is written. */
  wdot_vjp(w, 0, xs, 0, 3, 1.0);
  return eddy_summary();
}

// The references of every other Exec test must be trustworthy on their own:
// this test builds WITHOUT the Eddy plugin and checks eddy_check.h's central
// finite differences against hand-derived derivatives, and that a wrong value
// really makes the check (and the test) fail.
//
// RUN: %levels %clang -I%S/../Inputs %s -lm -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %clang -O0 -DBREAK -I%S/../Inputs %s -lm -o %tb && not %run %tb | FileCheck --check-prefix=BROKEN %s
#include "eddy_check.h"

static double f_exp_sin(double x) { return exp(sin(x)); }
static double df_exp_sin(double x) { return cos(x) * exp(sin(x)); }
static double f_big(double x) { return x * x * x; } // used at x = 1e3: scaled step
static double f_rat(double x) { return 1.0 / (1.0 + x * x); }
static double df_rat(double x) { return -2.0 * x / ((1.0 + x * x) * (1.0 + x * x)); }
static float f_float(float x) { return sinf(x) * x; }

// f(x) = x0^2 x1 + exp(x2), partials 2 x0 x1, x0^2, exp(x2)
static double f_vec(const double *x, void *ctx) {
  (void)ctx;
  return x[0] * x[0] * x[1] + exp(x[2]);
}

int main(void) {
  const double xs[] = {-2.0, -0.3, 0.0, 0.7, 1.5, 3.0};
  for (int i = 0; i < 6; ++i) {
    eddy_checkf_tol(eddy_fd(f_exp_sin, xs[i]), df_exp_sin(xs[i]), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "fd.exp_sin[%d]", i, 0);
    eddy_checkf_tol(eddy_fd(f_rat, xs[i]), df_rat(xs[i]), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "fd.rational[%d]", i, 0);
  }
  eddy_check_fd("fd.cube_at_1e3", eddy_fd(f_big, 1e3), 3e6);

  double x[3] = {1.5, -0.5, 0.25};
  eddy_check_fd("fd.partial0", eddy_fd_partial(f_vec, 0, x, 3, 0), 2 * x[0] * x[1]);
  eddy_check_fd("fd.partial1", eddy_fd_partial(f_vec, 0, x, 3, 1), x[0] * x[0]);
  eddy_check_fd("fd.partial2", eddy_fd_partial(f_vec, 0, x, 3, 2), exp(x[2]));
  eddy_check_eq("fd.partial_leaves_x", x[0] == 1.5 && x[1] == -0.5, 1);

  eddy_check_tol("fd.float", eddy_fd_float(f_float, 0.8f),
                 cos(0.8) * 0.8 + sin(0.8), EDDY_RTOL_FD_FLOAT, EDDY_ATOL_FD_FLOAT);

  // The comparison must reject NaN and infinities.
  eddy_check_eq("close.rejects_nan", eddy_close(NAN, 1.0, 1, 1), 0);
  eddy_check_eq("close.rejects_inf", eddy_close(INFINITY, 1.0, 1, 1), 0);
  eddy_check_eq("close.rejects_1e-3", eddy_close(1.001, 1.0, 1e-6, 1e-8), 0);

  // The LCG is deterministic and stays in [-1, 1).
  double lo = 1, hi = -1;
  for (int i = 0; i < 1000; ++i) {
    double r = eddy_rand();
    lo = r < lo ? r : lo;
    hi = r > hi ? r : hi;
  }
  eddy_check_eq("rand.range", lo >= -1.0 && hi < 1.0 && lo < -0.9 && hi > 0.9, 1);

#ifdef BREAK
  // A derivative that is off by 1e-4 relative must be reported.
  eddy_check_fd("broken", df_exp_sin(0.5) * (1 + 1e-4), eddy_fd(f_exp_sin, 0.5));
#endif
  return eddy_summary();
}

// CHECK: OK fd.exp_sin[0]
// CHECK: OK fd.partial2
// CHECK: ALL OK

// BROKEN: FAIL broken: got
// BROKEN: FAILED 1 of

/*===- eddy_check.h - Numeric checks for Eddy's executable tests -*- C -*-===*
 *
 * Every executable test compares a derivative computed by Eddy against an
 * independent reference (an analytic formula, central finite differences, or
 * the other AD mode) and prints one line per check:
 *
 *     OK name
 *     FAIL name: got X want Y (|err| E, tol T)
 *
 * and, at the end, eddy_summary() prints either `ALL OK (N checks)` or
 * `FAILED k of N checks`. The lit RUN lines use
 *     FileCheck --implicit-check-not=FAIL %s      with     CHECK: ALL OK
 * so a single wrong number, a crash (pipefail) or a missing summary fails the
 * test.
 *
 * Plain C99 + libm only: the references must not depend on Eddy.
 *===----------------------------------------------------------------------===*/
#ifndef EDDY_CHECK_H
#define EDDY_CHECK_H

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Tolerances.
 *  - AD vs analytic formula (or vs the other AD mode): both are exact up to
 *    rounding in a handful of operations, so a few hundred ulps is generous.
 *  - AD vs central finite differences: see eddy_fd_step below; the FD error is
 *    ~1e-10 relative for smooth functions of moderate curvature, 1e-6 leaves
 *    four orders of magnitude of margin yet still catches any real mistake
 *    (a wrong derivative is wrong in the leading digits).
 *  - float versions: FLT_EPSILON is 1.2e-7, so AD vs analytic at 1e-5. */
#define EDDY_RTOL_EXACT 1e-12
#define EDDY_ATOL_EXACT 1e-14
#define EDDY_RTOL_FD 1e-6
#define EDDY_ATOL_FD 1e-8
#define EDDY_RTOL_FLOAT 1e-5
#define EDDY_ATOL_FLOAT 1e-6
#define EDDY_RTOL_FD_FLOAT 1e-2
#define EDDY_ATOL_FD_FLOAT 1e-3

static int eddy_n_checks = 0;
static int eddy_n_failed = 0;
/* Set to 1 to print only failures (for tests that make hundreds of checks). */
static int eddy_quiet = 0;

/* Built with -DEDDY_CHECK_VALUES (test/Inputs/eddy_levels.py does), every OK
 * line also prints the checked value, and quiet tests print them too: the
 * script compares these values across -O0..-O3, so a derivative that depends
 * on the optimization level fails even when each level is within tolerance
 * of the reference. */
#ifdef EDDY_CHECK_VALUES
#define EDDY_PRINT_OK(name, fmt, value) printf("OK %s = " fmt "\n", name, value)
#define EDDY_SHOW_OK 1
#else
#define EDDY_PRINT_OK(name, fmt, value) printf("OK %s\n", name)
#define EDDY_SHOW_OK (!eddy_quiet)
#endif

/* |got - want| <= atol + rtol*|want|, written so that NaN and inf fail. */
static inline int eddy_close(double got, double want, double rtol, double atol) {
  double err = fabs(got - want);
  if (isnan(got) || isnan(want) || isinf(got) || isinf(want))
    return got == want; /* only an identical infinity passes */
  return err <= atol + rtol * fabs(want);
}

static inline int eddy_check_tol(const char *name, double got, double want,
                          double rtol, double atol) {
  ++eddy_n_checks;
  if (eddy_close(got, want, rtol, atol)) {
    if (EDDY_SHOW_OK)
      EDDY_PRINT_OK(name, "%.17g", got);
    fflush(stdout); /* a later crash must not swallow the lines before it */
    return 1;
  }
  ++eddy_n_failed;
  printf("FAIL %s: got %.17g want %.17g (|err| %.3g, tol %.3g)\n", name, got,
         want, fabs(got - want), atol + rtol * fabs(want));
  fflush(stdout);
  return 0;
}

/* AD vs an exact reference (analytic formula, other AD mode). */
static inline int eddy_check(const char *name, double got, double want) {
  return eddy_check_tol(name, got, want, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
}

/* Anything vs a central finite difference. */
static inline int eddy_check_fd(const char *name, double got, double want) {
  return eddy_check_tol(name, got, want, EDDY_RTOL_FD, EDDY_ATOL_FD);
}

/* A check whose name is built with printf formatting, e.g. "grad[%d]". */
static inline int eddy_checkf_tol(double got, double want, double rtol, double atol,
                           const char *fmt, int i, int j) {
  char name[128];
  snprintf(name, sizeof name, fmt, i, j);
  return eddy_check_tol(name, got, want, rtol, atol);
}

/* Same IEEE class and value, for derivatives at NaN, infinities and zeros:
 * NaN matches any NaN, an infinity only itself, finite values within
 * atol + rtol*|want| (both may be 0: then only equal values match). */
static inline int eddy_same_ieee(double got, double want, double rtol, double atol) {
  if (isnan(want) || isnan(got))
    return isnan(want) && isnan(got);
  if (isinf(want) || isinf(got))
    return got == want;
  return fabs(got - want) <= atol + rtol * fabs(want);
}

/* Integer / exact equality (primal values that AD must not change, counters). */
static inline int eddy_check_eq(const char *name, long got, long want) {
  ++eddy_n_checks;
  if (got == want) {
    if (EDDY_SHOW_OK)
      EDDY_PRINT_OK(name, "%ld", got);
    return 1;
  }
  ++eddy_n_failed;
  printf("FAIL %s: got %ld want %ld\n", name, got, want);
  return 0;
}

/* Central finite differences.
 *
 * f'(x) ~ (f(x+h) - f(x-h)) / 2h has truncation error f'''(x) h^2 / 6 and
 * rounding error ~ eps |f| / h. Balancing the two gives h ~ cbrt(eps) ~ 6e-6
 * (scaled by max(1,|x|) so the step is never lost in x's own rounding); both
 * error terms are then ~ eps^(2/3) ~ 4e-11 relative to the size of f and its
 * derivatives. Hence the 1e-6 relative tolerance of eddy_check_fd.
 * The step is made exactly representable (x+h)-x == h, so the divisor is the
 * distance actually travelled. */
static inline double eddy_fd_step(double x) {
  double h = cbrt(DBL_EPSILON) * (fabs(x) > 1.0 ? fabs(x) : 1.0);
  volatile double xph = x + h;
  return xph - x;
}

/* d/dx f(x) for f : double -> double. */
static inline double eddy_fd(double (*f)(double), double x) {
  double h = eddy_fd_step(x);
  return (f(x + h) - f(x - h)) / (2.0 * h);
}

/* d/dx_i f(x, ctx) for f reading an array of n doubles (n <= 4096). x is not
 * modified: f sees a perturbed copy. */
static inline double eddy_fd_partial(double (*f)(const double *, void *), void *ctx,
                              const double *x, int n, int i) {
  static double xc[4096];
  double h = eddy_fd_step(x[i]), fp, fm;
  memcpy(xc, x, (size_t)n * sizeof(double));
  xc[i] = x[i] + h;
  fp = f(xc, ctx);
  xc[i] = x[i] - h;
  fm = f(xc, ctx);
  return (fp - fm) / (2.0 * h);
}

/* The float analogue, evaluated in float: eps = 1.2e-7, h ~ cbrt(eps) ~ 5e-3,
 * error ~ eps^(2/3) ~ 2.4e-5 relative, hence EDDY_RTOL_FD_FLOAT = 1e-2. */
static inline float eddy_fd_float(float (*f)(float), float x) {
  float h = cbrtf(FLT_EPSILON) * (fabsf(x) > 1.0f ? fabsf(x) : 1.0f);
  volatile float xph = x + h;
  h = xph - x;
  return (f(x + h) - f(x - h)) / (2.0f * h);
}

/* Deterministic pseudo-random numbers in [-1, 1) (a 64-bit LCG), so tests
 * generate their data without depending on the C library's rand(). */
static unsigned long long eddy_rng_state = 0x2545F4914F6CDD1DULL;
static inline double eddy_rand(void) {
  eddy_rng_state = eddy_rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(eddy_rng_state >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* Prints the summary line; its result is main's exit status. */
static inline int eddy_summary(void) {
  if (eddy_n_failed == 0) {
    printf("ALL OK (%d checks)\n", eddy_n_checks);
    return 0;
  }
  printf("FAILED %d of %d checks\n", eddy_n_failed, eddy_n_checks);
  return 1;
}

#ifdef __cplusplus
}
#endif

#endif /* EDDY_CHECK_H */

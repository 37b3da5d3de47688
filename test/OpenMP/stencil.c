// A 1-D stencil in a parallel loop, y[i] = a*x[i]*x[i-1] + sin(x[i+1]) for
// 0 < i < n-1 (n = 1000), and a loss computed by serial code after the
// region: the weighted sum of the y[i]. Neighbouring iterations read the same
// x[i], so in reverse mode adjoints of one x[i] come from iterations that may
// run on different threads (at chunk boundaries), and every iteration adds
// into the adjoint of the shared scalar a. Four versions of the loop:
// schedule(static), schedule(dynamic, 7), schedule(guided), and
// schedule(static) in a noinline callee. On 1, 2 and 4 threads, at every -O
// level, for each version:
//  - reverse mode: the gradient in x (every entry) and in a equals the
//    analytic gradient;
//  - the analytic gradient matches central finite differences of the loss
//    (once, the static version: it is the same function in each version);
//  - forward mode along a direction (vx, va) equals the gradient's dot
//    product with it;
//  - vector forward mode (enzyme_width 2) gives, lane by lane, the width-1
//    tangents.
// The serial RUN line (no %omp-flags: the pragmas are ignored) checks the
// same program without threads; it validates the references on its own.
//
// REQUIRES: openmp
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t.serial -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=1 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=4 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t4 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include <stdlib.h>
#include "eddy_check.h"
#include "omp_tests.h"

#define N 1000

typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_w2(void *, ...);

// Weights that differ from entry to entry, so an adjoint added to the wrong
// index is a wrong number, not the same one.
static double weight(int i) { return 1.0 + 0.001 * i; }

static double weighted_sum(const double *y, int n) {
  double s = 0.0;
  for (int i = 1; i < n - 1; ++i)
    s += weight(i) * y[i];
  return s;
}

double loss_static(const double *x, double a, double *y, int n) {
#pragma omp parallel for schedule(static)
  for (int i = 1; i < n - 1; ++i)
    y[i] = a * x[i] * x[i - 1] + sin(x[i + 1]);
  return weighted_sum(y, n);
}

// Chunks of 7 handed out in the order threads ask: which thread computes an
// iteration changes from run to run.
double loss_dynamic(const double *x, double a, double *y, int n) {
#pragma omp parallel for schedule(dynamic, 7)
  for (int i = 1; i < n - 1; ++i)
    y[i] = a * x[i] * x[i - 1] + sin(x[i + 1]);
  return weighted_sum(y, n);
}

// Decreasing chunk sizes: chunk boundaries fall at irregular indices.
double loss_guided(const double *x, double a, double *y, int n) {
#pragma omp parallel for schedule(guided)
  for (int i = 1; i < n - 1; ++i)
    y[i] = a * x[i] * x[i - 1] + sin(x[i + 1]);
  return weighted_sum(y, n);
}

// The region in a function of its own that the loss calls: the outlined
// body is then two calls deep in the differentiated code.
__attribute__((noinline)) static void stencil(const double *x, double a,
                                              double *y, int n) {
#pragma omp parallel for schedule(static)
  for (int i = 1; i < n - 1; ++i)
    y[i] = a * x[i] * x[i - 1] + sin(x[i + 1]);
}

double loss_callee(const double *x, double a, double *y, int n) {
  stencil(x, a, y, n);
  return weighted_sum(y, n);
}

typedef double (*Loss)(const double *, double, double *, int);

// d loss / d x[j]: x[j] is x[i] of iteration j, x[i-1] of iteration j+1 and
// x[i+1] of iteration j-1 (each when that iteration exists).
static void analytic(const double *x, double a, int n, double *gx,
                     double *ga) {
  *ga = 0.0;
  for (int j = 0; j < n; ++j)
    gx[j] = 0.0;
  for (int i = 1; i < n - 1; ++i) {
    *ga += weight(i) * x[i] * x[i - 1];
    gx[i] += weight(i) * a * x[i - 1];
    gx[i - 1] += weight(i) * a * x[i];
    gx[i + 1] += weight(i) * cos(x[i + 1]);
  }
}

static double x0[N], vx[N], wx[N];
static const double A = 0.7, VA = -0.4, WA = 1.3;

// Central differences of the loss in every x[j] and in a (step and
// tolerance: see main).
static void finite_differences(Loss f, double *fx, double *fa) {
  static double xc[N], y[N];
  for (int j = 0; j < N; ++j) {
    double h = eddy_fd_step(x0[j]);
    for (int k = 0; k < N; ++k)
      xc[k] = x0[k];
    xc[j] = x0[j] + h;
    double fp = f(xc, A, y, N);
    xc[j] = x0[j] - h;
    fx[j] = (fp - f(xc, A, y, N)) / (2.0 * h);
  }
  double h = eddy_fd_step(A);
  *fa = (f(x0, A + h, y, N) - f(x0, A - h, y, N)) / (2.0 * h);
}

// |sum_j g[j]*v[j]|'s rounding scale: the sum of the terms' magnitudes.
static double dot(const double *g, const double *v, int n, double *scale) {
  double s = 0.0;
  *scale = 0.0;
  for (int j = 0; j < n; ++j) {
    s += g[j] * v[j];
    *scale += fabs(g[j] * v[j]);
  }
  return s;
}

// The derivatives of one version. A request names the function it
// differentiates, so each version gets its own copy of the requests.
typedef struct {
  double dx[N];  // reverse: the gradient in x
  double da;     // ... and in a
  double t, t1;  // forward along (vx, VA), then along (wx, WA)
  T2 t2;         // vector forward: both directions in one sweep
} Derivatives;

#define DERIVATIVES(LOSS)                                                      \
  static void derivatives_##LOSS(Derivatives *d) {                             \
    static double y[N], dy[N], ty0[N], ty1[N];                                 \
    /* Adjoints are added into dx and dy (the scratch array's shadow). */      \
    for (int j = 0; j < N; ++j)                                                \
      d->dx[j] = dy[j] = 0.0;                                                  \
    d->da = __enzyme_autodiff((void *)LOSS, x0, d->dx, A, y, dy, N);           \
    d->t = __enzyme_fwddiff((void *)LOSS, x0, vx, A, VA, y, ty0, N);           \
    d->t1 = __enzyme_fwddiff((void *)LOSS, x0, wx, A, WA, y, ty0, N);          \
    d->t2 = __enzyme_fwddiff_w2((void *)LOSS, enzyme_width, 2, x0, vx, wx, A,  \
                                VA, WA, y, ty0, ty1, N);                       \
  }
DERIVATIVES(loss_static)
DERIVATIVES(loss_dynamic)
DERIVATIVES(loss_guided)
DERIVATIVES(loss_callee)

static void check_version(const char *name, const Derivatives *d,
                          const double *gx_ref, double ga_ref) {
  char label[96];
  // Each entry of dx is a sum of at most three products: exact tolerance.
  snprintf(label, sizeof label, "%s.reverse.dx", name);
  omp_check_array(label, d->dx, gx_ref, N, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  // da sums 998 terms of magnitude ~1, in another order on every thread
  // count: 1e-9 absolute is still ~1e6 ulps of one term below any wrong
  // term (~0.1 to 1).
  snprintf(label, sizeof label, "%s.reverse.da", name);
  eddy_check_tol(label, d->da, ga_ref, EDDY_RTOL_EXACT, 1e-12 * N);

  // Forward: the gradient's dot product with the direction. Both sides sum
  // ~1000 terms in different orders; their rounding is a few eps times the
  // sum of the terms' magnitudes (scale), 1e-13 * scale leaves ~100x.
  double scale, scale1;
  double want = dot(gx_ref, vx, N, &scale) + ga_ref * VA;
  double want1 = dot(gx_ref, wx, N, &scale1) + ga_ref * WA;
  scale += fabs(ga_ref * VA);
  scale1 += fabs(ga_ref * WA);
  snprintf(label, sizeof label, "%s.forward", name);
  eddy_check_tol(label, d->t, want, 0.0, 1e-13 * scale);
  snprintf(label, sizeof label, "%s.forward.second", name);
  eddy_check_tol(label, d->t1, want1, 0.0, 1e-13 * scale1);

  // Vector forward: lane k is the width-1 tangent along direction k.
  snprintf(label, sizeof label, "%s.forward_w2.lane0", name);
  eddy_check_tol(label, d->t2.t[0], d->t, 0.0, 1e-13 * scale);
  snprintf(label, sizeof label, "%s.forward_w2.lane1", name);
  eddy_check_tol(label, d->t2.t[1], d->t1, 0.0, 1e-13 * scale1);
}

int main(void) {
  omp_check_team();
  for (int j = 0; j < N; ++j) {
    x0[j] = eddy_rand();
    vx[j] = eddy_rand();
    wx[j] = eddy_rand();
  }

  static double gx[N], fx[N];
  double ga, fa;
  analytic(x0, A, N, gx, &ga);

  // The analytic gradient against central differences, step
  // eddy_fd_step (cbrt(eps) ~ 6e-6: truncation and rounding balanced,
  // eddy_check.h). Perturbing x[j] changes three of the 998 terms, but the
  // rounding of every later partial sum may change too. The partial sums
  // stay below ~30 here (terms of both signs), so at most ~1000 roundings of
  // ulp(30)/2 ~ 2e-15, divided by 2h ~ 1.2e-5: 1.5e-7 absolute in the worst
  // case (measured: 8e-10). Hence 1e-6 absolute and 1e-6 relative; an
  // adjoint dropped or added to the wrong entry is off by ~0.1 to 1.
  finite_differences(loss_static, fx, &fa);
  omp_check_array("analytic_vs_fd.dx", gx, fx, N, EDDY_RTOL_FD, 1e-6);
  eddy_check_tol("analytic_vs_fd.da", ga, fa, EDDY_RTOL_FD, 1e-6);

  static Derivatives d;
  derivatives_loss_static(&d);
  check_version("static", &d, gx, ga);
  derivatives_loss_dynamic(&d);
  check_version("dynamic7", &d, gx, ga);
  derivatives_loss_guided(&d);
  check_version("guided", &d, gx, ga);
  derivatives_loss_callee(&d);
  check_version("callee", &d, gx, ga);
  return eddy_summary();
}

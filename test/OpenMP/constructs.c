// One small function per OpenMP construct, each a loss of x (n = 120
// entries) and an active scalar a with an analytic gradient:
//   private       scalar and array temporaries private to each thread;
//   firstprivate  an active double (c = a*a) and an int copied into each
//                 thread: the copies' adjoints must reach a;
//   shared        default(none) with every variable listed, a shared;
//   collapse      collapse(2) over a 10 x 12 outer product;
//   nowait        two loops in one region, the first nowait, a barrier,
//                 the second reading what other threads wrote;
//   single        one thread computes a shared active scalar the loop uses;
//   master        the same with master and an explicit barrier;
//   critical      an active shared sum updated in a critical section;
//   atomic        `#pragma omp atomic` s += v on an active double;
//   atomic_array  atomic += into the entries of a shared array (scatter).
// On 1, 2 and 4 threads, at every -O level, for each: reverse mode (the
// gradient in x, entry by entry, and in a) equals the analytic gradient, and
// forward mode along a direction equals its dot product with it; the
// analytic gradients themselves match central differences of the losses.
// The serial RUN line checks the program with the pragmas ignored.
//
// REQUIRES: openmp
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t.serial -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=1 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=4 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t4 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include "eddy_check.h"
#include "omp_tests.h"

#define N 120
#define R 10 // collapse: x[0..R) times x[R..R+C)
#define C 12

// Every loss has this signature; y and z are scratch arrays of n entries
// (with shadows), unused by some.
typedef double (*Loss)(const double *x, double a, double *y, double *z,
                       int n);

static double weight(int i) { return 1.0 + 0.01 * i; }

static double weighted_sum(const double *y, int n) {
  double s = 0.0;
  for (int i = 0; i < n; ++i)
    s += weight(i) * y[i];
  return s;
}

// y_i = a x_i^2 sin(x_i) + x_i^2 through a private scalar and a private
// array.
double f_private(const double *x, double a, double *y, double *z, int n) {
  double t, buf[2];
#pragma omp parallel for private(t, buf)
  for (int i = 0; i < n; ++i) {
    t = x[i] * x[i];
    buf[0] = sin(x[i]);
    buf[1] = a * t * buf[0];
    y[i] = buf[1] + t;
  }
  return weighted_sum(y, n);
}
static void g_private(const double *x, double a, double *gx, double *ga) {
  *ga = 0.0;
  for (int i = 0; i < N; ++i) {
    double s = sin(x[i]), c = cos(x[i]);
    gx[i] = weight(i) * (a * (2 * x[i] * s + x[i] * x[i] * c) + 2 * x[i]);
    *ga += weight(i) * x[i] * x[i] * s;
  }
}

// y_i = c x_i x_{i+off}, cyclic, c = a^2 and off = 1 firstprivate.
double f_firstprivate(const double *x, double a, double *y, double *z,
                      int n) {
  double c = a * a;
  int off = 1;
#pragma omp parallel for firstprivate(c, off)
  for (int i = 0; i < n; ++i)
    y[i] = c * x[i] * x[(i + off) % n];
  return weighted_sum(y, n);
}
static void g_firstprivate(const double *x, double a, double *gx,
                           double *ga) {
  *ga = 0.0;
  for (int j = 0; j < N; ++j) {
    int next = (j + 1) % N, prev = (j + N - 1) % N;
    gx[j] = a * a * (weight(j) * x[next] + weight(prev) * x[prev]);
    *ga += 2 * a * weight(j) * x[j] * x[next];
  }
}

// y_i = a x_i^3, every variable named in the clauses.
double f_shared(const double *x, double a, double *y, double *z, int n) {
#pragma omp parallel for default(none) shared(x, a, y, n)
  for (int i = 0; i < n; ++i)
    y[i] = a * x[i] * x[i] * x[i];
  return weighted_sum(y, n);
}
static void g_shared(const double *x, double a, double *gx, double *ga) {
  *ga = 0.0;
  for (int i = 0; i < N; ++i) {
    gx[i] = 3 * a * weight(i) * x[i] * x[i];
    *ga += weight(i) * x[i] * x[i] * x[i];
  }
}

// y_{iC+j} = a u_i^2 v_j + cos(u_i v_j), u = x[0..R), v = x[R..R+C): one
// collapsed loop of R*C iterations, split across rows.
double f_collapse(const double *x, double a, double *y, double *z, int n) {
#pragma omp parallel for collapse(2)
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j)
      y[i * C + j] = a * x[i] * x[i] * x[R + j] + cos(x[i] * x[R + j]);
  return weighted_sum(y, R * C);
}
static void g_collapse(const double *x, double a, double *gx, double *ga) {
  *ga = 0.0;
  for (int k = 0; k < N; ++k)
    gx[k] = 0.0;
  for (int i = 0; i < R; ++i)
    for (int j = 0; j < C; ++j) {
      double u = x[i], v = x[R + j], w = weight(i * C + j);
      gx[i] += w * (2 * a * u * v - v * sin(u * v));
      gx[R + j] += w * (a * u * u - u * sin(u * v));
      *ga += w * u * u * v;
    }
}

// y_i = a x_i^2, then z_i = y_i y_{i+1} (cyclic): the second loop reads
// entries of y that other threads wrote, after the barrier (the first loop
// has nowait, and a dynamic schedule, so without the barrier they would
// race).
double f_nowait(const double *x, double a, double *y, double *z, int n) {
#pragma omp parallel
  {
#pragma omp for schedule(dynamic, 5) nowait
    for (int i = 0; i < n; ++i)
      y[i] = a * x[i] * x[i];
#pragma omp barrier
#pragma omp for schedule(static)
    for (int i = 0; i < n; ++i)
      z[i] = y[i] * y[(i + 1) % n];
  }
  return weighted_sum(z, n);
}
static void g_nowait(const double *x, double a, double *gx, double *ga) {
  *ga = 0.0;
  for (int j = 0; j < N; ++j) {
    int next = (j + 1) % N, prev = (j + N - 1) % N;
    gx[j] = 2 * a * a * x[j] *
            (weight(j) * x[next] * x[next] + weight(prev) * x[prev] * x[prev]);
    *ga += 2 * a * weight(j) * x[j] * x[j] * x[next] * x[next];
  }
}

// s0 = a x_0 x_1 + 1 by one thread (single's implied barrier publishes it),
// then y_i = s0 x_i.
double f_single(const double *x, double a, double *y, double *z, int n) {
  double s0 = 0.0;
#pragma omp parallel
  {
#pragma omp single
    s0 = a * x[0] * x[1] + 1.0;
#pragma omp for
    for (int i = 0; i < n; ++i)
      y[i] = s0 * x[i];
  }
  return weighted_sum(y, n);
}
static void g_single(const double *x, double a, double *gx, double *ga) {
  double s0 = a * x[0] * x[1] + 1.0, S = 0.0;
  for (int i = 0; i < N; ++i)
    S += weight(i) * x[i];
  for (int i = 0; i < N; ++i)
    gx[i] = s0 * weight(i);
  gx[0] += S * a * x[1];
  gx[1] += S * a * x[0];
  *ga = S * x[0] * x[1];
}

// m0 = sqrt(1 + a^2 x_0^2) by the master thread (no implied barrier: an
// explicit one), then y_i = m0 sin(x_i).
double f_master(const double *x, double a, double *y, double *z, int n) {
  double m0 = 0.0;
#pragma omp parallel
  {
#pragma omp master
    m0 = sqrt(1.0 + a * a * x[0] * x[0]);
#pragma omp barrier
#pragma omp for
    for (int i = 0; i < n; ++i)
      y[i] = m0 * sin(x[i]);
  }
  return weighted_sum(y, n);
}
static void g_master(const double *x, double a, double *gx, double *ga) {
  double m0 = sqrt(1.0 + a * a * x[0] * x[0]), S = 0.0;
  for (int i = 0; i < N; ++i)
    S += weight(i) * sin(x[i]);
  for (int i = 0; i < N; ++i)
    gx[i] = m0 * weight(i) * cos(x[i]);
  gx[0] += S * a * a * x[0] / m0;
  *ga = S * a * x[0] * x[0] / m0;
}

// s = sum_i w_i a x_i^2, each term added in a critical section; s^2
// returned (the seed of the sum is 2s, not 1).
double f_critical(const double *x, double a, double *y, double *z, int n) {
  double s = 0.0;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    double v = weight(i) * a * x[i] * x[i];
#pragma omp critical
    s += v;
  }
  return s * s;
}
static void g_critical(const double *x, double a, double *gx, double *ga) {
  double q = 0.0;
  for (int i = 0; i < N; ++i)
    q += weight(i) * x[i] * x[i];
  double s = a * q;
  for (int i = 0; i < N; ++i)
    gx[i] = 2 * s * 2 * a * weight(i) * x[i];
  *ga = 2 * s * q;
}

// s = sum_i a cos(x_i) by atomic updates; s returned times sin(a).
double f_atomic(const double *x, double a, double *y, double *z, int n) {
  double s = 0.0;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp atomic
    s += a * cos(x[i]);
  }
  return s * sin(a);
}
static void g_atomic(const double *x, double a, double *gx, double *ga) {
  double q = 0.0;
  for (int i = 0; i < N; ++i)
    q += cos(x[i]);
  for (int i = 0; i < N; ++i)
    gx[i] = -a * sin(x[i]) * sin(a);
  *ga = q * sin(a) + a * q * cos(a);
}

// h_k = sum_{i mod 4 = k} a x_i^2 (h in z[0..4), by atomic scatter-adds
// from every thread); the loss is sum_k (k+1) h_k^2.
double f_atomic_array(const double *x, double a, double *y, double *z,
                      int n) {
  for (int k = 0; k < 4; ++k)
    z[k] = 0.0;
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
#pragma omp atomic
    z[i % 4] += a * x[i] * x[i];
  }
  double s = 0.0;
  for (int k = 0; k < 4; ++k)
    s += (k + 1) * z[k] * z[k];
  return s;
}
static void g_atomic_array(const double *x, double a, double *gx,
                           double *ga) {
  double q[4] = {0};
  for (int i = 0; i < N; ++i)
    q[i % 4] += x[i] * x[i];
  *ga = 0.0;
  for (int k = 0; k < 4; ++k)
    *ga += (k + 1) * 2 * a * q[k] * q[k];
  for (int i = 0; i < N; ++i)
    gx[i] = (i % 4 + 1) * 2 * a * q[i % 4] * 2 * a * x[i];
}

static double x0[N], vx[N];
static const double A = 0.9, VA = 0.35;

// Reverse (gradient in x and a) and forward (along (vx, VA)) derivatives of
// one loss; a request names its function, hence one copy per loss.
#define DERIVATIVES(F)                                                         \
  static void derivatives_##F(double *dx, double *da, double *t) {             \
    double y[N], z[N], dy[N] = {0}, dz[N] = {0};                               \
    for (int i = 0; i < N; ++i)                                                \
      dx[i] = 0.0;                                                             \
    *da = __enzyme_autodiff((void *)F, x0, dx, A, y, dy, z, dz, N);            \
    *t = __enzyme_fwddiff((void *)F, x0, vx, A, VA, y, dy, z, dz, N);          \
  }
DERIVATIVES(f_private)
DERIVATIVES(f_firstprivate)
DERIVATIVES(f_shared)
DERIVATIVES(f_collapse)
DERIVATIVES(f_nowait)
DERIVATIVES(f_single)
DERIVATIVES(f_master)
DERIVATIVES(f_critical)
DERIVATIVES(f_atomic)
DERIVATIVES(f_atomic_array)

typedef struct {
  const char *name;
  Loss loss;
  void (*analytic)(const double *, double, double *, double *);
  void (*derivatives)(double *, double *, double *);
} Case;

#define CASE(NAME) {#NAME, f_##NAME, g_##NAME, derivatives_f_##NAME}
static const Case cases[] = {
    CASE(private), CASE(firstprivate), CASE(shared),   CASE(collapse),
    CASE(nowait),  CASE(single),       CASE(master),   CASE(critical),
    CASE(atomic),  CASE(atomic_array),
};

static void check_case(const Case *c) {
  double gx[N], ga, fx[N], dx[N], da, t, y[N], z[N], xc[N];
  char label[96];
  c->analytic(x0, A, gx, &ga);

  // The analytic gradient against central differences of the loss, step
  // eddy_fd_step (~6e-6, eddy_check.h). The losses are sums of up to 120
  // terms of magnitude ~1, their rounding (~1e-14) over 2h ~ 1.2e-5 is
  // ~1e-9 in each quotient: 1e-6 relative and 1e-7 absolute leave 100x;
  // a wrong formula is off by ~0.01 or more.
  for (int j = 0; j < N; ++j) {
    double h = eddy_fd_step(x0[j]);
    for (int k = 0; k < N; ++k)
      xc[k] = x0[k];
    xc[j] = x0[j] + h;
    double fp = c->loss(xc, A, y, z, N);
    xc[j] = x0[j] - h;
    fx[j] = (fp - c->loss(xc, A, y, z, N)) / (2.0 * h);
  }
  double h = eddy_fd_step(A);
  double fa = (c->loss(x0, A + h, y, z, N) - c->loss(x0, A - h, y, z, N)) /
              (2.0 * h);
  snprintf(label, sizeof label, "%s.analytic_vs_fd.dx", c->name);
  omp_check_array(label, gx, fx, N, EDDY_RTOL_FD, 1e-7);
  snprintf(label, sizeof label, "%s.analytic_vs_fd.da", c->name);
  eddy_check_tol(label, ga, fa, EDDY_RTOL_FD, 1e-7);

  // Eddy against the analytic gradient. Sums of up to 120 terms ~1 whose
  // order depends on the thread count (critical, atomic): 1e-12 relative
  // plus 1e-12 absolute is ~100x their rounding.
  c->derivatives(dx, &da, &t);
  snprintf(label, sizeof label, "%s.reverse.dx", c->name);
  omp_check_array(label, dx, gx, N, EDDY_RTOL_EXACT, 1e-12);
  snprintf(label, sizeof label, "%s.reverse.da", c->name);
  eddy_check_tol(label, da, ga, EDDY_RTOL_EXACT, 1e-12);

  double want = ga * VA, scale = fabs(ga * VA);
  for (int j = 0; j < N; ++j) {
    want += gx[j] * vx[j];
    scale += fabs(gx[j] * vx[j]);
  }
  snprintf(label, sizeof label, "%s.forward", c->name);
  eddy_check_tol(label, t, want, 0.0, 1e-13 * scale + 1e-13);
}

int main(void) {
  omp_check_team();
  for (int i = 0; i < N; ++i) {
    x0[i] = eddy_rand();
    vx[i] = eddy_rand();
  }
  for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; ++k)
    check_case(&cases[k]);
  return eddy_summary();
}

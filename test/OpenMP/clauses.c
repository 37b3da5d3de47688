// Clauses and sections whose adjoints depend on the team, with analytic
// gradients (x has n = 40 entries):
//   team     `num_threads(3) if(par)`, par = 1 (a team of three whatever
//            OMP_NUM_THREADS says) and par = 0 (the region runs serialized,
//            a plain call of its body), with reduction(*:p) and
//            reduction(min:mn): p = prod(1 + 0.1 x_i), mn = min x_i w_i;
//   ordered  critical sections whose updates do not commute: each thread's
//            partial sum of squares s_t enters `m = max(m, s_t)` and
//            `q = q * (1 + s_t)`; their adjoints must be undone in the
//            reverse of the order the threads entered (the threads record
//            which iterations they ran, so the reference knows the s_t).
// On 1, 2 and 4 threads (OMP_NUM_THREADS; the team clause overrides it), at
// every -O level: reverse mode (and vector reverse mode, two Jacobian rows
// at once) equals the analytic gradient entry by entry,
// the analytic gradient matches central differences, and forward mode along
// a direction equals the gradient's dot product with it.
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
#ifdef _OPENMP
#include <omp.h>
#else
static int omp_get_thread_num(void) { return 0; }
#endif

#define N 40
#define MAXT 8

static double weight(int i) { return (double)(i % 7 + 1); }

double team(const double *x, int par) {
  double p = 1.0, mn = 1e300;
#pragma omp parallel for reduction(* : p) reduction(min : mn) num_threads(3) if (par)
  for (int i = 0; i < N; i++) {
    p *= 1.0 + 0.1 * x[i];
    mn = fmin(mn, x[i] * weight(i));
  }
  return p + mn;
}

double ordered(const double *x, int *owner) {
  double m = 0.0, q = 1.0;
#pragma omp parallel num_threads(3)
  {
    double s = 0.0;
#pragma omp for schedule(static)
    for (int i = 0; i < N; i++) {
      owner[i] = omp_get_thread_num();
      s += x[i] * x[i];
    }
#pragma omp critical(eddy_max)
    if (s > m)
      m = s;
#pragma omp critical(eddy_product)
    q *= 1.0 + 0.01 * s;
  }
  return m + q;
}

// Two outputs, for vector reverse mode: rows of the Jacobian in one sweep.
void outputs(const double *x, double *y) {
  y[0] = team(x, 1);
  y[1] = 3.0 * team(x, 1);
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

static void team_gradient(const double *x, double *g) {
  double p = 1.0;
  int arg = 0;
  for (int i = 0; i < N; i++) {
    p *= 1.0 + 0.1 * x[i];
    if (x[i] * weight(i) < x[arg] * weight(arg))
      arg = i;
  }
  for (int i = 0; i < N; i++)
    g[i] = 0.1 * p / (1.0 + 0.1 * x[i]) + (i == arg ? weight(i) : 0.0);
}

static void ordered_gradient(const double *x, const int *owner, double *g) {
  double s[MAXT] = {0}, q = 1.0;
  int best = -1;
  for (int i = 0; i < N; i++)
    s[owner[i]] += x[i] * x[i];
  for (int t = 0; t < MAXT; t++)
    if (s[t] > 0.0) {
      q *= 1.0 + 0.01 * s[t];
      if (best < 0 || s[t] > s[best])
        best = t;
    }
  for (int i = 0; i < N; i++) {
    int t = owner[i];
    g[i] = 2.0 * x[i] * ((t == best ? 1.0 : 0.0) + 0.01 * q / (1.0 + 0.01 * s[t]));
  }
}

static int owner_fd[N];
static int par_fd;
static double team_fd(const double *x) { return team(x, par_fd); }
static double ordered_fd(const double *x) { return ordered(x, owner_fd); }

static void check_fd(const char *name, double (*f)(const double *),
                     const double *x, const double *g) {
  double want[N];
  for (int i = 0; i < N; i++) {
    double xp[N], xm[N], h = eddy_fd_step(x[i]);
    for (int j = 0; j < N; j++)
      xp[j] = xm[j] = x[j];
    xp[i] += h;
    xm[i] -= h;
    want[i] = (f(xp) - f(xm)) / (2 * h);
  }
  omp_check_array(name, g, want, N, EDDY_RTOL_FD, EDDY_ATOL_FD);
}

static void check_forward(const char *name, double tangent, const double *g,
                          const double *dir) {
  double dot = 0.0;
  for (int i = 0; i < N; i++)
    dot += g[i] * dir[i];
  eddy_check_tol(name, tangent, dot, 1e-10, 1e-12);
}

int main(void) {
  double x[N], dir[N];
  for (int i = 0; i < N; i++) {
    x[i] = 0.5 + 0.01 * i;
    dir[i] = cos(0.3 * i);
  }
  for (int par = 0; par < 2; par++) {
    double dx[N] = {0}, want[N];
    __enzyme_autodiff((void *)team, enzyme_dup, x, dx, enzyme_const, par);
    team_gradient(x, want);
    omp_check_array(par ? "team.parallel.reverse" : "team.serialized.reverse",
                    dx, want, N, 1e-12, 1e-14);
    par_fd = par;
    check_fd(par ? "team.parallel.fd" : "team.serialized.fd", team_fd, x, want);
    double t = __enzyme_fwddiff((void *)team, enzyme_dup, x, dir, enzyme_const, par);
    check_forward(par ? "team.parallel.forward" : "team.serialized.forward", t,
                  want, dir);
  }
  {
    // Vector reverse mode (enzyme_width 2) through the parallel region.
    double g0[N] = {0}, g1[N] = {0}, want[N], want3[N], y[2];
    double w0[2] = {1.0, 0.0}, w1[2] = {0.0, 1.0};
    __enzyme_autodiff((void *)outputs, enzyme_width, 2, x, g0, g1, y, w0, w1);
    team_gradient(x, want);
    for (int i = 0; i < N; i++)
      want3[i] = 3.0 * want[i];
    omp_check_array("team.vector_reverse.row0", g0, want, N, 1e-12, 1e-14);
    omp_check_array("team.vector_reverse.row1", g1, want3, N, 1e-12, 1e-14);
  }
  {
    double dx[N] = {0}, want[N];
    int owner[N];
    __enzyme_autodiff((void *)ordered, enzyme_dup, x, dx, enzyme_const, owner);
    ordered_gradient(x, owner, want);
    omp_check_array("ordered.reverse", dx, want, N, 1e-12, 1e-14);
    ordered(x, owner_fd);
    check_fd("ordered.fd", ordered_fd, x, want);
    double t = __enzyme_fwddiff((void *)ordered, enzyme_dup, x, dir,
                                enzyme_const, owner);
    check_forward("ordered.forward", t, want, dir);
  }
  return eddy_summary();
}

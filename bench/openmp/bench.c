/*===- bench/openmp/bench.c - Times the OpenMP kernels and gradients -----===*
 *
 *   bench stencil N [REPS]     the stencil over N cells
 *   bench mlp BATCH [REPS]     the MLP over BATCH samples
 *
 * First checks the gradient (reverse mode, Eddy) against central finite
 * differences in a few entries, and exits with 1 if one is off; then times
 * the primal and the gradient, each REPS times (default 7) after one
 * untimed warm-up call, and prints one line:
 *
 *   kernel=K size=S threads=T primal_ms=P gradient_ms=G checked=C
 *
 * P and G are medians of wall-clock milliseconds (the median: the machine
 * is shared, and one run that waited for a core should not move the
 * result). T is the OpenMP team size (1 in a build without -fopenmp). The
 * gradient's time covers the request only, not zeroing its output arrays.
 *===----------------------------------------------------------------------===*/
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "kernels.h"

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static double uniform(void) { /* in [-1, 1) */
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(rng >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}

/* The gradient's sanity check: a few entries against central differences
 * with the step h = 1e-3 * max(1, |x|), larger than the test suite's
 * cbrt(eps) ~ 6e-6 on purpose. The stencil's loss sums ~10^6 terms: its
 * partial sums reach ~10^3, and the rounding that a perturbation changes in
 * them, ~1e-10 (a random walk of ~10^6 half-ulps of 1e3), divided by
 * 2h = 1.2e-5 would be ~1e-5 already. With h = 1e-3 it is ~1e-7, and the
 * truncation error h^2/6 times the third derivative (~1 here) is ~2e-7.
 * Tolerance 1e-5 absolute plus 1e-5 relative: 50x over both, while a wrong
 * or missing adjoint is off by its own size (~0.01 to 1). */
static double fd_step(double x) {
  double h = 1e-3 * (fabs(x) > 1.0 ? fabs(x) : 1.0);
  volatile double xph = x + h;
  return xph - x; /* exactly the distance travelled */
}

static int check_entry(const char *what, int i, double got, double want) {
  if (fabs(got - want) <= 1e-5 + 1e-5 * fabs(want))
    return 1;
  fprintf(stderr, "bench: %s gradient[%d] = %.17g, central difference %.17g\n",
          what, i, got, want);
  return 0;
}

static int team_size(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

static int bench_stencil(int n, int reps, double *primal, double *grad) {
  double *x = malloc(n * sizeof *x), *dx = malloc(n * sizeof *dx);
  double *y = malloc(n * sizeof *y), *dy = malloc(n * sizeof *dy);
  double a = 0.7, da = 0.0;
  for (int i = 0; i < n; ++i)
    x[i] = uniform();

  memset(dx, 0, n * sizeof *dx);
  memset(dy, 0, n * sizeof *dy);
  da = __enzyme_autodiff((void *)stencil_loss, x, dx, a, y, dy, n);
  int ok = 1, probe[] = {0, 1, n / 3, n / 2 + 1, n - 2, n - 1};
  for (unsigned k = 0; k < sizeof probe / sizeof probe[0]; ++k) {
    int i = probe[k];
    double xi = x[i], h = fd_step(xi);
    x[i] = xi + h;
    double fp = stencil_loss(x, a, y, n);
    x[i] = xi - h;
    double fm = stencil_loss(x, a, y, n);
    x[i] = xi;
    ok &= check_entry("stencil", i, dx[i], (fp - fm) / (2 * h));
  }
  double h = fd_step(a);
  ok &= check_entry("stencil a", -1, da,
                    (stencil_loss(x, a + h, y, n) - stencil_loss(x, a - h, y, n)) /
                        (2 * h));

  double *tp = malloc(reps * sizeof *tp), *tg = malloc(reps * sizeof *tg);
  volatile double sink = stencil_loss(x, a, y, n); /* warm-up */
  for (int r = 0; r < reps; ++r) {
    double t0 = now_ms();
    sink = stencil_loss(x, a, y, n);
    tp[r] = now_ms() - t0;
  }
  for (int r = -1; r < reps; ++r) {
    memset(dx, 0, n * sizeof *dx);
    memset(dy, 0, n * sizeof *dy);
    double t0 = now_ms();
    sink = __enzyme_autodiff((void *)stencil_loss, x, dx, a, y, dy, n);
    if (r >= 0)
      tg[r] = now_ms() - t0;
  }
  (void)sink;
  *primal = median(tp, reps);
  *grad = median(tg, reps);
  free(tp), free(tg), free(x), free(dx), free(y), free(dy);
  return ok;
}

static int bench_mlp(int batch, int reps, double *primal, double *grad) {
  double *p = malloc(MLP_NP * sizeof *p), *dp = malloc(MLP_NP * sizeof *dp);
  double *X = malloc((size_t)batch * MLP_IN * sizeof *X);
  double *T = malloc((size_t)batch * MLP_OUT * sizeof *T);
  for (int q = 0; q < MLP_NP; ++q)
    p[q] = 0.3 * uniform();
  for (long i = 0; i < (long)batch * MLP_IN; ++i)
    X[i] = uniform();
  for (long i = 0; i < (long)batch * MLP_OUT; ++i)
    T[i] = uniform();

  memset(dp, 0, MLP_NP * sizeof *dp);
  __enzyme_autodiff((void *)mlp_loss, p, dp, enzyme_const, X, enzyme_const, T,
                    batch);
  int ok = 1, probe[] = {MLP_W1, MLP_W1 + 17, MLP_B1 + 3, MLP_W2 + 5,
                         MLP_B2, MLP_NP - 1};
  for (unsigned k = 0; k < sizeof probe / sizeof probe[0]; ++k) {
    int q = probe[k];
    double pq = p[q], h = fd_step(pq);
    p[q] = pq + h;
    double fp = mlp_loss(p, X, T, batch);
    p[q] = pq - h;
    double fm = mlp_loss(p, X, T, batch);
    p[q] = pq;
    ok &= check_entry("mlp", q, dp[q], (fp - fm) / (2 * h));
  }

  double *tp = malloc(reps * sizeof *tp), *tg = malloc(reps * sizeof *tg);
  volatile double sink = mlp_loss(p, X, T, batch); /* warm-up */
  for (int r = 0; r < reps; ++r) {
    double t0 = now_ms();
    sink = mlp_loss(p, X, T, batch);
    tp[r] = now_ms() - t0;
  }
  (void)sink;
  for (int r = -1; r < reps; ++r) {
    memset(dp, 0, MLP_NP * sizeof *dp);
    double t0 = now_ms();
    __enzyme_autodiff((void *)mlp_loss, p, dp, enzyme_const, X, enzyme_const,
                      T, batch);
    if (r >= 0)
      tg[r] = now_ms() - t0;
  }
  *primal = median(tp, reps);
  *grad = median(tg, reps);
  free(tp), free(tg), free(p), free(dp), free(X), free(T);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s stencil|mlp SIZE [REPS]\n", argv[0]);
    return 2;
  }
  int size = atoi(argv[2]), reps = argc > 3 ? atoi(argv[3]) : 7;
  if (size < 4 || reps < 1) {
    fprintf(stderr, "bench: SIZE must be >= 4 and REPS >= 1\n");
    return 2;
  }
  double primal, grad;
  int ok;
  if (!strcmp(argv[1], "stencil"))
    ok = bench_stencil(size, reps, &primal, &grad);
  else if (!strcmp(argv[1], "mlp"))
    ok = bench_mlp(size, reps, &primal, &grad);
  else {
    fprintf(stderr, "bench: unknown kernel '%s'\n", argv[1]);
    return 2;
  }
  printf("kernel=%s size=%d threads=%d primal_ms=%.4f gradient_ms=%.4f checked=%s\n",
         argv[1], size, team_size(), primal, grad, ok ? "yes" : "FAILED");
  return ok ? 0 : 1;
}

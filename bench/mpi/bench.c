/*===- bench/mpi/bench.c - Times the MPI halo-exchange heat stepper -------===*
 *
 *   mpirun -np P bench CELLS STEPS [REPS]
 *
 * The model of test/MPI/heat-halo.c at benchmark sizes: CELLS global cells
 * split over the P ranks (the first CELLS % P ranks own one cell more), each
 * rank's cells framed by two halo cells refreshed every step by MPI_Sendrecv
 * from its neighbours (fixed zero boundaries outside the domain:
 * MPI_PROC_NULL), STEPS explicit steps
 *   v[i] = u[i] + k (u[i-1] - 2 u[i] + u[i+1]) - 0.05 u[i]^3,
 * and the global loss, an MPI_Allreduce of the ranks' sums of
 * weight(g) u[g]^2.
 *
 * The gradient is reverse mode (Eddy) in the initial cells and in k, the
 * loss's shadow seeded 1 on rank 0 only (docs/parallel.md, "Seeding a loss
 * that every rank holds"): each rank gets the adjoints of its own cells, and
 * the adjoints of k are summed over the ranks. First a few entries are
 * checked against central finite differences of the parallel loss; then the
 * primal and the gradient are timed, each REPS times (default 7) after one
 * untimed warm-up call, every run started by an MPI_Barrier and timed with
 * MPI_Wtime as the slowest rank's time. Rank 0 prints one line:
 *
 *   ranks=P cells=C steps=S primal_ms=T gradient_ms=G checked=yes|FAILED
 *
 * T and G are medians of the REPS runs (the machine is shared: one run that
 * waited for a core should not move the result). The gradient's time covers
 * the request only: not zeroing the shadows, and not summing the adjoints of
 * k over the ranks (one more MPI_Allreduce of one double). Exits with 1 if a
 * checked entry is off.
 *===----------------------------------------------------------------------===*/
#include <eddy/eddy.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The test's weight 1 + 0.1 g, made periodic in g (period 16, the test's
 * cell count, so the first 16 weights are the test's): with 1 + 0.1 g itself
 * the weights would reach 2e5 at 2e6 cells, the loss ~1e10, and the rounding
 * of its sum would swamp the finite differences of the light cells' small
 * gradients. Bounded weights (1 to 2.5) keep every entry checkable. */
static double weight(int g) { return 1.0 + 0.1 * (g % 16); }

/* One explicit step on cells 1..n, halos 0 and n+1 already filled. */
static void step(double *u, double *v, double k, int n) {
  for (int i = 1; i <= n; ++i)
    v[i] = u[i] + k * (u[i - 1] - 2.0 * u[i] + u[i + 1]) -
           0.05 * u[i] * u[i] * u[i];
  for (int i = 1; i <= n; ++i)
    u[i] = v[i];
}

static void exchange(double *u, int n, int left, int right) {
  MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[n + 1], 1, MPI_DOUBLE,
               right, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&u[n], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/* This rank's cells u0[0..n) are global cells offset..offset+n-1; the global
 * loss goes to *out on every rank. */
void loss(const double *u0, double k, int n, int offset, int left, int right,
          int steps, double *out) {
  double *u = calloc(n + 2, sizeof(double));
  double *v = calloc(n + 2, sizeof(double));
  for (int i = 0; i < n; ++i)
    u[i + 1] = u0[i];
  for (int t = 0; t < steps; ++t) {
    exchange(u, n, left, right);
    step(u, v, k, n);
  }
  double local = 0.0;
  for (int i = 1; i <= n; ++i)
    local += weight(offset + i - 1) * u[i] * u[i];
  MPI_Allreduce(&local, out, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(u);
  free(v);
}

static int rank, nranks, n, offset, left, right, steps;

static double parallel_loss(const double *u0, double k) {
  double out;
  loss(u0, k, n, offset, left, right, steps, &out);
  return out;
}

/* This rank's adjoints of its cells added to du (zeroed by the caller,
 * outside the timed region) and its adjoint of k returned. */
__attribute__((noinline)) static double gradient(const double *u0, double k,
                                                 double *du) {
  double out, dout = rank == 0 ? 1.0 : 0.0;
  return __enzyme_autodiff((void *)loss, enzyme_dup, u0, du, k, n, offset,
                           left, right, steps, enzyme_dup, &out, &dout);
}

/* The check's step and tolerance. The loss sums ~1e6 terms of ~1 (at 2e6
 * cells): its partial sums reach ~1e6, and a perturbed cell changes the
 * rounding of every addition after it, a random walk of ~1e6 half-ulps of
 * 1e6 (6e-11 each): ~1e-7 in the loss. With h = 1e-2 * max(1, |x|) that is
 * ~5e-6 in the difference quotient, and the truncation error h^2/6 times
 * the third derivative (the cubic term over STEPS steps: ~1 to 10 here) is
 * ~1e-4 at most. Tolerance 1e-3 absolute plus 1e-3 relative: well over
 * both, while a wrong or missing adjoint (a halo's, at a rank boundary:
 * ~k = 0.23 of the entry) is off by a sizable part of the entry's own size
 * (~0.1 to 10 here). */
static double fd_step(double x) {
  double h = 1e-2 * (fabs(x) > 1.0 ? fabs(x) : 1.0);
  volatile double xph = x + h;
  return xph - x; /* exactly the distance travelled */
}

static int close_enough(double got, double want) {
  return fabs(got - want) <= 1e-3 + 1e-3 * fabs(want);
}

/* Every rank runs every perturbed loss; the owner of the cell compares. */
static int check(double *u0, double k, int cells) {
  double *du = calloc(n, sizeof *du);
  double dkl = gradient(u0, k, du), dk;
  MPI_Allreduce(&dkl, &dk, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  /* Both ends, the middle (a rank boundary on 2 ranks: cells/2 - 1 on rank
   * 0, cells/2 on rank 1) and a cell a third of the way in. */
  int probe[] = {0, 1, cells / 3, cells / 2 - 1, cells / 2, cells - 1};
  int ok = 1;
  for (unsigned p = 0; p < sizeof probe / sizeof probe[0]; ++p) {
    int g = probe[p], mine = g >= offset && g < offset + n;
    double x0 = mine ? u0[g - offset] : 0.0, h = 0.0;
    if (mine)
      h = fd_step(x0), u0[g - offset] = x0 + h;
    double up = parallel_loss(u0, k);
    if (mine)
      u0[g - offset] = x0 - h;
    double down = parallel_loss(u0, k);
    if (mine) {
      u0[g - offset] = x0;
      double fd = (up - down) / (2 * h);
      if (!close_enough(du[g - offset], fd)) {
        fprintf(stderr,
                "bench: rank %d: d/du0[%d] = %.17g, central difference "
                "%.17g\n",
                rank, g, du[g - offset], fd);
        ok = 0;
      }
    }
  }
  double h = fd_step(k);
  double fd = (parallel_loss(u0, k + h) - parallel_loss(u0, k - h)) / (2 * h);
  if (rank == 0 && !close_enough(dk, fd)) {
    fprintf(stderr, "bench: d/dk = %.17g, central difference %.17g\n", dk, fd);
    ok = 0;
  }
  int all;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  free(du);
  return all;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int m) {
  qsort(v, m, sizeof *v, cmp_double);
  return m % 2 ? v[m / 2] : 0.5 * (v[m / 2 - 1] + v[m / 2]);
}

/* The slowest rank's time of the run that started at t0 (every rank left
 * the same barrier just before), in milliseconds. */
static double slowest_ms(double t0) {
  double mine = (MPI_Wtime() - t0) * 1e3, worst;
  MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return worst;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  int cells = argc > 2 ? atoi(argv[1]) : 0;
  steps = argc > 2 ? atoi(argv[2]) : 0;
  int reps = argc > 3 ? atoi(argv[3]) : 7;
  if (cells < 4 * nranks || steps < 1 || reps < 1) {
    if (rank == 0)
      fprintf(stderr, "usage: mpirun -np P %s CELLS STEPS [REPS] "
                      "(CELLS >= 4 P, STEPS >= 1, REPS >= 1)\n", argv[0]);
    MPI_Finalize();
    return 2;
  }
  int base = cells / nranks, extra = cells % nranks;
  n = base + (rank < extra);
  offset = rank * base + (rank < extra ? rank : extra);
  left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  right = rank < nranks - 1 ? rank + 1 : MPI_PROC_NULL;

  double *u0 = malloc(n * sizeof *u0), *du = malloc(n * sizeof *du);
  double k = 0.23; /* below the explicit scheme's limit 1/2 */
  for (int i = 0; i < n; ++i)
    u0[i] = 0.5 + 0.4 * sin(0.7 * (offset + i));

  int ok = check(u0, k, cells);

  double *tp = malloc(reps * sizeof *tp), *tg = malloc(reps * sizeof *tg);
  volatile double sink = parallel_loss(u0, k); /* warm-up */
  for (int r = 0; r < reps; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    sink = parallel_loss(u0, k);
    tp[r] = slowest_ms(t0);
  }
  for (int r = -1; r < reps; ++r) {
    memset(du, 0, n * sizeof *du);
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    sink = gradient(u0, k, du);
    double ms = slowest_ms(t0);
    if (r >= 0)
      tg[r] = ms;
  }
  (void)sink;
  if (rank == 0)
    printf("ranks=%d cells=%d steps=%d primal_ms=%.4f gradient_ms=%.4f "
           "checked=%s\n",
           nranks, cells, steps, median(tp, reps), median(tg, reps),
           ok ? "yes" : "FAILED");
  free(tp), free(tg), free(u0), free(du);
  MPI_Finalize();
  return ok ? 0 : 1;
}

// bench/checkpoint/heat.c — the checkpointing benchmark's stepper (issue 13).
//
// A 1-D explicit heat stepper on a periodic ring of `cells` cells with a cubic
// reaction term (so each step's tape holds real values, not just indices). Each
// step writes a scratch buffer and copies it back: no pointer swapping, which a
// checkpointed loop refuses. The loss is a weighted sum of squares of the final
// field; the gradient is taken w.r.t. the initial field (k is constant).
//
// Compiled once per variant with the plugin at -O2 (run.py does it):
//   no -DSNAPSHOTS      the time loop is taped whole (stored tape);
//   -DSNAPSHOTS=S       '#pragma eddy checkpoint(binomial, snapshots(S))'.
//
//   heat check  CELLS STEPS   the variant's gradient against the stored tape's
//                             (heat_taped, same binary) bit for bit, and against
//                             central finite differences; prints OK or FAIL.
//   heat grad   CELLS STEPS   times the gradient (CPU and wall seconds, best of
//                             the repetitions that fit in MIN_SECONDS), prints
//                             the driver's counts of the last call.
//   heat primal CELLS STEPS   times the primal alone.
// Output: one line of key=value pairs, read by run.py.
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define K 0.2
#define MIN_SECONDS 0.3

static void step(double *u, double *tmp, long cells) {
  for (long j = 0; j < cells; ++j) {
    double l = u[j == 0 ? cells - 1 : j - 1];
    double r = u[j == cells - 1 ? 0 : j + 1];
    tmp[j] = u[j] + K * (l - 2 * u[j] + r) - 0.05 * u[j] * u[j] * u[j];
  }
  memcpy(u, tmp, sizeof(double) * cells);
}

static double loss(const double *u, long cells) {
  double e = 0;
  for (long j = 0; j < cells; ++j)
    e += (1.0 + (double)j / cells) * u[j] * u[j];
  return e;
}

// The benchmarked variant.
double heat(double *u, double *tmp, long cells, long steps) {
#ifdef SNAPSHOTS
#pragma eddy checkpoint(binomial, snapshots(SNAPSHOTS))
#endif
  for (long t = 0; t < steps; ++t)
    step(u, tmp, cells);
  return loss(u, cells);
}

// The reference: the same loop, taped whole.
double heat_taped(double *u, double *tmp, long cells, long steps) {
  for (long t = 0; t < steps; ++t)
    step(u, tmp, cells);
  return loss(u, cells);
}

static void init(double *u, long cells) {
  for (long j = 0; j < cells; ++j)
    u[j] = 0.5 + 0.4 * sin(0.7 * j);
}

static double clock_seconds(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void gradient(double *u, double *du, double *tmp, double *dtmp, long cells,
                     long steps, int taped) {
  init(u, cells);
  memset(du, 0, sizeof(double) * cells);
  memset(dtmp, 0, sizeof(double) * cells);
  if (taped)
    __enzyme_autodiff((void *)heat_taped, enzyme_dup, u, du, enzyme_dup, tmp, dtmp,
                      enzyme_const, cells, enzyme_const, steps);
  else
    __enzyme_autodiff((void *)heat, enzyme_dup, u, du, enzyme_dup, tmp, dtmp,
                      enzyme_const, cells, enzyme_const, steps);
}

static double primal_at(double *u, double *tmp, long cells, long steps, long j,
                        double h) {
  init(u, cells);
  u[j] += h;
  return heat(u, tmp, cells, steps);
}

static int check(double *u, double *du, double *tmp, double *dtmp, long cells,
                 long steps) {
  double *ref = malloc(sizeof(double) * cells);
  double *u_ref = malloc(sizeof(double) * cells);
  gradient(u, ref, tmp, dtmp, cells, steps, 1);
  memcpy(u_ref, u, sizeof(double) * cells);
  gradient(u, du, tmp, dtmp, cells, steps, 0);
  int ok = 1;
  if (memcmp(du, ref, sizeof(double) * cells) != 0) {
    fprintf(stderr, "FAIL: gradient differs from the stored tape's\n");
    ok = 0;
  }
  if (memcmp(u, u_ref, sizeof(double) * cells) != 0) {
    fprintf(stderr, "FAIL: field after the gradient differs from the primal's\n");
    ok = 0;
  }
  // Central differences on a few entries, h = 1e-5. Truncation, ~h^2 f''',
  // stays below 1e-6 relative. Rounding is ~eps |f| / h, and |f| grows with
  // the cells (u stays below 1, the weights below 2): 2.2e-16 * 2 * cells /
  // 1e-5 ~ 4.4e-11 * cells, so the absolute tolerance is 1e-10 * cells.
  for (long j = 0; j < cells; j += cells / 4 + 1) {
    double h = 1e-5;
    double fd = (primal_at(u, tmp, cells, steps, j, h) -
                 primal_at(u, tmp, cells, steps, j, -h)) / (2 * h);
    if (fabs(fd - du[j]) > 1e-6 * fabs(fd) + 1e-10 * cells) {
      fprintf(stderr, "FAIL: du[%ld] = %.17g, central difference %.17g\n", j, du[j], fd);
      ok = 0;
    }
  }
  free(ref);
  free(u_ref);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s check|grad|primal CELLS STEPS\n", argv[0]);
    return 2;
  }
  long cells = atol(argv[2]), steps = atol(argv[3]);
  double *u = malloc(sizeof(double) * cells), *du = malloc(sizeof(double) * cells);
  double *tmp = malloc(sizeof(double) * cells), *dtmp = malloc(sizeof(double) * cells);
  if (!strcmp(argv[1], "check")) {
    int ok = check(u, du, tmp, dtmp, cells, steps);
    printf("%s\n", ok ? "OK" : "FAIL");
    free(u);
    free(du);
    free(tmp);
    free(dtmp);
    return ok ? 0 : 1;
  }
  int primal = !strcmp(argv[1], "primal");
  // Best of the repetitions that fit in MIN_SECONDS of CPU time (at least
  // one). CPU time is what is compared: on a loaded machine the wall time
  // includes the time the process waited for a core.
  double best = INFINITY, best_wall = INFINITY, total = 0, sink = 0;
  int reps = 0;
  do {
    double t0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    double w0 = clock_seconds(CLOCK_MONOTONIC);
    if (primal) {
      init(u, cells);
      sink += heat(u, tmp, cells, steps);
    } else {
      gradient(u, du, tmp, dtmp, cells, steps, 0);
      sink += du[0];
    }
    double dt = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - t0;
    double dw = clock_seconds(CLOCK_MONOTONIC) - w0;
    best = dt < best ? dt : best;
    best_wall = dw < best_wall ? dw : best_wall;
    total += dt;
    ++reps;
  } while (total < MIN_SECONDS);
  printf("cpu_seconds=%.6g wall_seconds=%.6g reps=%d", best, best_wall, reps);
  if (!primal) {
    eddy_checkpoint_stats st;
    eddy_checkpoint_last_stats(&st);
    printf(" steps=%lld forward_advances=%lld reverse_advances=%lld advances=%lld "
           "records=%lld snapshots=%lld peak_snapshot_bytes=%lld",
           (long long)st.steps, (long long)st.forward_advances,
           (long long)st.reverse_advances,
           (long long)(st.forward_advances + st.reverse_advances), (long long)st.records,
           (long long)st.snapshots, (long long)st.peak_snapshot_bytes);
  }
  printf(" sink=%.3g\n", sink);
  free(u);
  free(du);
  free(tmp);
  free(dtmp);
  return 0;
}

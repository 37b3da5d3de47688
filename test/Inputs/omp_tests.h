/*===- omp_tests.h - Checks shared by the OpenMP tests ------------*- C -*-===*
 *
 * The tests in test/OpenMP build the same program twice: with %omp-flags (-fopenmp:
 * the pragmas make parallel regions, run on 1, 2 and 4 threads) and without
 * (the pragmas are ignored: the serial program, which validates the tests'
 * references on their own). Include after eddy_check.h.
 *
 *  - omp_check_team(): in a parallel build, a parallel region really has
 *    OMP_NUM_THREADS threads, so a run at "4 threads" is not silently serial.
 *    The check runs outside any differentiated function.
 *  - omp_check_array(): every entry of a derivative array against its
 *    reference, printed as ONE line. An array of a thousand entries would
 *    print a thousand OK lines; worse, the OK line of eddy_check.h prints the
 *    checked value, and the levels runner (eddy_levels.py) compares those
 *    across -O levels, so the line must not depend on which entry is worst
 *    (with dynamic schedules the worst entry may change from run to run).
 *    The OK line therefore carries the sum of the checked entries'
 *    magnitudes, which changes across levels only by the rounding of
 *    reassociated adjoint sums (far below the runner's 1e-9); every failing
 *    entry gets its own FAIL line (at most 10, then a count).
 *===----------------------------------------------------------------------===*/
#ifndef OMP_TESTS_H
#define OMP_TESTS_H

#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* got[i] vs want[i] within atol + rtol*|want[i]| for every i < n. */
static inline int omp_check_array(const char *name, const double *got,
                                  const double *want, int n, double rtol,
                                  double atol) {
  int bad = 0;
  double sum = 0.0;
  char entry[160];
  for (int i = 0; i < n; ++i) {
    sum += fabs(got[i]);
    if (eddy_close(got[i], want[i], rtol, atol))
      continue;
    if (++bad <= 10) {
      snprintf(entry, sizeof entry, "%s[%d]", name, i);
      eddy_check_tol(entry, got[i], want[i], rtol, atol);
      --eddy_n_checks; /* counted once below, as the array */
    }
  }
  ++eddy_n_checks;
  if (bad == 0) {
    if (EDDY_SHOW_OK)
      printf("OK %s (%d entries, sum of |entries| %.17g)\n", name, n, sum);
    fflush(stdout);
    return 1;
  }
  if (bad > 10)
    printf("FAIL %s: %d more entries\n", name, bad - 10);
  /* eddy_check_tol counted the first failures already; the array is one. */
  eddy_n_failed -= bad < 10 ? bad : 10;
  ++eddy_n_failed;
  fflush(stdout);
  return 0;
}

/* In a parallel build, the team of a parallel region has OMP_NUM_THREADS
 * threads (the RUN lines set it); a serial build has nothing to check and
 * prints nothing, so its output is the same at every thread count. */
static inline void omp_check_team(void) {
#ifdef _OPENMP
  const char *env = getenv("OMP_NUM_THREADS");
  long want = env ? atol(env) : omp_get_max_threads();
  int team = 0;
#pragma omp parallel
  {
#pragma omp single
    team = omp_get_num_threads();
  }
  eddy_check_eq("omp.team_size", team, want);
#endif
}

#endif /* OMP_TESTS_H */

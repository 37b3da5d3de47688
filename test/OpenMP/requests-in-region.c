// Requests made inside a parallel region: each thread of a
// `#pragma omp parallel for schedule(dynamic)` asks for the gradient of a
// serial function for its own samples (each gradient runs on its thread's
// own tape). On 1, 2 and 4 threads, at every -O level, every sample's
// gradient equals the analytic one, entry by entry.
//
// REQUIRES: openmp
// RUN: %levels --env OMP_NUM_THREADS=1 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t1 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=2 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t2 -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels --env OMP_NUM_THREADS=4 %eddy-clang %omp-flags -I%S/../Inputs %s -o %t.t4 -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <math.h>
#include "eddy_check.h"
#include "omp_tests.h"

#define N 64
#define M 200

// A loop, so that the gradient tapes (and grows its thread's buffer).
static double loss(const double *w, int k) {
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += sin(w[i] * (k + 1)) * w[(i + k) % N];
  return s;
}

double __enzyme_autodiff(void *, ...);

static double g[M][N];

int main(void) {
  double w[N];
  for (int i = 0; i < N; i++)
    w[i] = 0.01 * i;
#pragma omp parallel for schedule(dynamic)
  for (int k = 0; k < M; k++)
    __enzyme_autodiff((void *)loss, enzyme_dup, w, g[k], enzyme_const, k);
  static double want[M][N];
  for (int k = 0; k < M; k++)
    for (int i = 0; i < N; i++)
      want[k][i] = cos(w[i] * (k + 1)) * (k + 1) * w[(i + k) % N] +
                   sin(w[(i - k % N + N) % N] * (k + 1));
  omp_check_array("per-sample gradients", &g[0][0], &want[0][0], M * N, 1e-12,
                  1e-13);
  return eddy_summary();
}

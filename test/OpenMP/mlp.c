// A batch loss over a small MLP (4 inputs, 8 tanh hidden units, 2 linear
// outputs; all 58 weights and biases in one array shared by every sample):
// `#pragma omp parallel for reduction(+:loss)` over 64 samples, each sample's
// squared error added to the loss. In reverse mode every thread adds into
// the adjoints of the same weights. On 1, 2 and 4 threads, at every -O level:
//  - the reverse gradient of the loss matches central finite differences in
//    every weight;
//  - forward mode in each weight's direction (a column of the 1 x 58
//    Jacobian) equals the gradient's entry (its row);
//  - the Jacobian of all 128 outputs (a parallel loop writing one row of
//    outputs per sample, no reduction) is the same from 58 forward sweeps
//    (columns) and 128 reverse sweeps (rows), entry by entry.
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

#define IN 4
#define HID 8
#define OUT 2
#define BATCH 64
// Parameter layout: W1 (HID x IN), b1 (HID), W2 (OUT x HID), b2 (OUT).
#define W1 0
#define B1 (W1 + HID * IN)
#define W2 (B1 + HID)
#define B2 (W2 + OUT * HID)
#define NP (B2 + OUT)
#define ROWS (BATCH * OUT)

// One sample: z = W2 tanh(W1 x + b1) + b2. A call inside the parallel
// loop's body (inlined above -O0).
static void mlp(const double *p, const double *x, double *z) {
  double h[HID];
  for (int j = 0; j < HID; ++j) {
    double a = p[B1 + j];
    for (int i = 0; i < IN; ++i)
      a += p[W1 + j * IN + i] * x[i];
    h[j] = tanh(a);
  }
  for (int k = 0; k < OUT; ++k) {
    double a = p[B2 + k];
    for (int j = 0; j < HID; ++j)
      a += p[W2 + k * HID + j] * h[j];
    z[k] = a;
  }
}

// Mean over the batch of half the squared error.
double batch_loss(const double *p, const double *X, const double *T,
                  int batch) {
  double loss = 0.0;
#pragma omp parallel for reduction(+ : loss)
  for (int s = 0; s < batch; ++s) {
    double z[OUT];
    mlp(p, X + s * IN, z);
    for (int k = 0; k < OUT; ++k) {
      double e = z[k] - T[s * OUT + k];
      loss += 0.5 * e * e;
    }
  }
  return loss / batch;
}

// Every sample's outputs, Y[s*OUT + k].
void batch_outputs(const double *p, const double *X, double *Y, int batch) {
#pragma omp parallel for
  for (int s = 0; s < batch; ++s)
    mlp(p, X + s * IN, Y + s * OUT);
}

static double P0[NP], X0[BATCH * IN], T0[BATCH * OUT];

static double loss_at(const double *p, void *ctx) {
  (void)ctx;
  return batch_loss(p, X0, T0, BATCH);
}

static void check_loss(void) {
  double g[NP] = {0}, fd[NP], col[NP], e[NP] = {0};
  __enzyme_autodiff((void *)batch_loss, P0, g, enzyme_const, X0,
                    enzyme_const, T0, BATCH);

  // Central differences with eddy_fd_step's step, cbrt(eps) * max(1, |p|)
  // ~ 6e-6 (the weights are below 1): it balances the truncation error
  // (h^2/6 times a third derivative, here O(1): ~6e-12) against the
  // rounding of the loss (~eps * |loss| * sqrt(64) ~ 1e-15 for a loss ~ 0.4,
  // divided by 2h: ~1e-10). A smaller step such as 1e-8 would let the
  // rounding dominate (~1e-7). Measured: 3e-11 absolute at most, 1.6e-8
  // relative on the smallest entry. The tolerance is eddy_check_fd's: 1e-6
  // relative, plus 1e-8 absolute for entries near zero; any wrong adjoint
  // (dropped, doubled, added to the wrong weight) exceeds it by orders of
  // magnitude.
  for (int q = 0; q < NP; ++q)
    fd[q] = eddy_fd_partial(loss_at, 0, P0, NP, q);
  omp_check_array("loss.reverse_vs_fd", g, fd, NP, EDDY_RTOL_FD, EDDY_ATOL_FD);

  // Column q of the 1 x NP Jacobian by forward mode (direction e_q; the
  // data is constant) equals entry q of the gradient. Both sum 64 samples'
  // terms, in other orders: 1e-12 relative, 1e-14 absolute.
  for (int q = 0; q < NP; ++q) {
    e[q] = 1.0;
    col[q] = __enzyme_fwddiff((void *)batch_loss, P0, e, enzyme_const, X0,
                              enzyme_const, T0, BATCH);
    e[q] = 0.0;
  }
  omp_check_array("loss.forward_columns_vs_gradient", col, g, NP,
                  EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
}

static void check_jacobian(void) {
  static double fwd[ROWS][NP], rev[ROWS][NP];
  double Y[ROWS], dY[ROWS], e[NP] = {0}, dp[NP];

  // Column q: tangent e_q of the weights, the outputs' tangents in dY.
  for (int q = 0; q < NP; ++q) {
    e[q] = 1.0;
    __enzyme_fwddiff((void *)batch_outputs, P0, e, enzyme_const, X0, Y, dY,
                     BATCH);
    e[q] = 0.0;
    for (int r = 0; r < ROWS; ++r)
      fwd[r][q] = dY[r];
  }
  // Row r: cotangent e_r of the outputs (the sweep consumes it), the
  // weights' adjoints added into dp.
  for (int r = 0; r < ROWS; ++r) {
    for (int i = 0; i < ROWS; ++i)
      dY[i] = i == r;
    for (int q = 0; q < NP; ++q)
      dp[q] = 0.0;
    __enzyme_autodiff((void *)batch_outputs, P0, dp, enzyme_const, X0, Y, dY,
                      BATCH);
    for (int q = 0; q < NP; ++q)
      rev[r][q] = dp[q];
  }
  // An output depends on one sample only: both sides compute the same few
  // products per entry, exact tolerance.
  omp_check_array("outputs.forward_columns_vs_reverse_rows", &fwd[0][0],
                  &rev[0][0], ROWS * NP, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);

  // The outputs themselves, against the serial per-sample model.
  double z[OUT], want[ROWS];
  for (int s = 0; s < BATCH; ++s) {
    mlp(P0, X0 + s * IN, z);
    for (int k = 0; k < OUT; ++k)
      want[s * OUT + k] = z[k];
  }
  batch_outputs(P0, X0, Y, BATCH);
  omp_check_array("outputs.primal", Y, want, ROWS, 0.0, 0.0);
}

int main(void) {
  omp_check_team();
  for (int q = 0; q < NP; ++q)
    P0[q] = 0.5 * eddy_rand();
  for (int i = 0; i < BATCH * IN; ++i)
    X0[i] = eddy_rand();
  for (int i = 0; i < BATCH * OUT; ++i)
    T0[i] = eddy_rand();
  check_loss();
  check_jacobian();
  return eddy_summary();
}

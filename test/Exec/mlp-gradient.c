// The seed's 3-layer MLP (examples/mlp.h: 4-8-8-3, tanh, softmax
// cross-entropy averaged over a batch of 5; all 139 weights and biases in one
// array). Eddy's reverse gradient is checked against
//  - a hand-written backpropagation (exact tolerance),
//  - central finite differences of every parameter,
//  - forward-mode JVPs in random directions v: J v == <grad, v>.
// and the hand-written backprop is itself checked against finite differences.
//
// RUN: %levels %eddy-clang -I%S/../Inputs -I%S/../../examples %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"
#include "mlp.h"

#define BATCH 5

static double X[BATCH * MLP_IN];
static int labels[BATCH];

// Backpropagation by hand, for the same layout as mlp_loss.
static void backprop(const double *p, double *g) {
  for (int i = 0; i < MLP_NPARAMS; ++i)
    g[i] = 0;
  for (int n = 0; n < BATCH; ++n) {
    const double *x = X + n * MLP_IN;
    double h1[MLP_H1], h2[MLP_H2], z[MLP_OUT], dz[MLP_OUT], dh2[MLP_H2] = {0}, dh1[MLP_H1] = {0};
    mlp_affine(p, MLP_W1, MLP_B1, x, h1, MLP_H1, MLP_IN);
    for (int i = 0; i < MLP_H1; ++i) h1[i] = tanh(h1[i]);
    mlp_affine(p, MLP_W2, MLP_B2, h1, h2, MLP_H2, MLP_H1);
    for (int i = 0; i < MLP_H2; ++i) h2[i] = tanh(h2[i]);
    mlp_affine(p, MLP_W3, MLP_B3, h2, z, MLP_OUT, MLP_H2);
    // d loss_n / d z = softmax(z) - onehot(label), scaled by 1/BATCH.
    double m = z[0], s = 0;
    for (int k = 1; k < MLP_OUT; ++k) m = z[k] > m ? z[k] : m;
    for (int k = 0; k < MLP_OUT; ++k) s += exp(z[k] - m);
    for (int k = 0; k < MLP_OUT; ++k)
      dz[k] = (exp(z[k] - m) / s - (k == labels[n])) / BATCH;
    for (int k = 0; k < MLP_OUT; ++k) {
      g[MLP_B3 + k] += dz[k];
      for (int j = 0; j < MLP_H2; ++j) {
        g[MLP_W3 + k * MLP_H2 + j] += dz[k] * h2[j];
        dh2[j] += dz[k] * p[MLP_W3 + k * MLP_H2 + j];
      }
    }
    for (int j = 0; j < MLP_H2; ++j) {
      double da = dh2[j] * (1 - h2[j] * h2[j]); // tanh' = 1 - tanh^2
      g[MLP_B2 + j] += da;
      for (int i = 0; i < MLP_H1; ++i) {
        g[MLP_W2 + j * MLP_H1 + i] += da * h1[i];
        dh1[i] += da * p[MLP_W2 + j * MLP_H1 + i];
      }
    }
    for (int j = 0; j < MLP_H1; ++j) {
      double da = dh1[j] * (1 - h1[j] * h1[j]);
      g[MLP_B1 + j] += da;
      for (int i = 0; i < MLP_IN; ++i)
        g[MLP_W1 + j * MLP_IN + i] += da * x[i];
    }
  }
}

static double loss_of(const double *p, void *ctx) { return mlp_loss(p, X, labels, BATCH); }

int main(void) {
  double p[MLP_NPARAMS], grad[MLP_NPARAMS] = {0}, hand[MLP_NPARAMS];
  mlp_init(p, 42);
  mlp_make_data(X, labels, BATCH, 7);

  // No active scalar argument: the gradient is returned only through `grad`.
  __enzyme_autodiff_void((void *)mlp_loss, enzyme_dup, p, grad, enzyme_const, X,
                         enzyme_const, labels, BATCH);
  backprop(p, hand);

  eddy_quiet = 1; // 139 parameters x 3 checks: print failures only
  double max_fd_err = 0;
  for (int i = 0; i < MLP_NPARAMS; ++i) {
    double fd = eddy_fd_partial(loss_of, 0, p, MLP_NPARAMS, i);
    eddy_checkf_tol(hand[i], fd, EDDY_RTOL_FD, EDDY_ATOL_FD, "mlp.backprop.ref_vs_fd[%d]", i, 0);
    eddy_checkf_tol(grad[i], fd, EDDY_RTOL_FD, EDDY_ATOL_FD, "mlp.rev_vs_fd[%d]", i, 0);
    eddy_checkf_tol(grad[i], hand[i], 1e-10, 1e-13, "mlp.rev_vs_backprop[%d]", i, 0);
    double e = fabs(grad[i] - fd);
    max_fd_err = e > max_fd_err ? e : max_fd_err;
  }
  eddy_quiet = 0;
  // The gradient must not be trivially zero (some entries are ~0.1).
  double gnorm = 0;
  for (int i = 0; i < MLP_NPARAMS; ++i)
    gnorm += hand[i] * hand[i];
  eddy_check_eq("mlp.gradient_nontrivial", sqrt(gnorm) > 0.05, 1);
  eddy_check_eq("mlp.all_params_checked", eddy_n_checks, 3 * MLP_NPARAMS + 1);

  for (int r = 0; r < 3; ++r) {
    double v[MLP_NPARAMS], ref = 0;
    for (int i = 0; i < MLP_NPARAMS; ++i) {
      v[i] = eddy_rand();
      ref += hand[i] * v[i];
    }
    double jvp = __enzyme_fwddiff((void *)mlp_loss, enzyme_dup, p, v, enzyme_const, X,
                                  enzyme_const, labels, BATCH);
    eddy_checkf_tol(jvp, ref, 1e-10, 1e-13, "mlp.fwd_jvp_vs_backprop[%d]", r, 0);
    double rev_dot = 0;
    for (int i = 0; i < MLP_NPARAMS; ++i)
      rev_dot += grad[i] * v[i];
    eddy_checkf_tol(jvp, rev_dot, 1e-10, 1e-13, "mlp.fwd_jvp_vs_rev[%d]", r, 0);
  }
  return eddy_summary();
}

// CHECK: OK mlp.gradient_nontrivial
// CHECK: OK mlp.all_params_checked
// CHECK: OK mlp.fwd_jvp_vs_rev[2]
// CHECK: ALL OK

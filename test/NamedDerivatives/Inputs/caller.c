/* Calls the exported derivatives; compiled WITHOUT the plugin. */
#define EDDY_DECLARATIONS_ONLY
#include "model.h"
#include "eddy_check.h"

static const double X[5] = {-1.0, -0.5, 0.0, 0.5, 1.0};
static const double Y[5] = {-0.8, -0.4, 0.1, 0.45, 0.7};
static double loss_fd(const double *w, void *ctx) {
  (void)ctx;
  return model_loss(w, X, Y, 5);
}

int main(void) {
  double w[3] = {0.1, 1.2, 0.9}, g[3] = {0, 0, 0};
  model_loss_grad(w, g, X, Y, 5);
  for (int i = 0; i < 3; ++i) {
    double e[3] = {0, 0, 0};
    e[i] = 1;
    eddy_checkf_tol(g[i], eddy_fd_partial(loss_fd, 0, w, 3, i), EDDY_RTOL_FD,
                    EDDY_ATOL_FD, "caller.grad_vs_fd[%d]", i, 0);
    eddy_checkf_tol(model_loss_dir(w, e, X, Y, 5), g[i], EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "caller.dir_vs_grad[%d]", i, 0);
  }
  double da = 0, db = 0, a = 0.7, b = -1.3;
  bump_grad(a, &da, b, &db);
  eddy_check("caller.bump.da", da, -2 * a * exp(-a * a) * sin(b) + b);
  eddy_check("caller.bump.db", db, exp(-a * a) * cos(b) + a);
  return eddy_summary();
}

/*===- examples/mlp_train.c - Train a small MLP with Eddy's gradients ----===*
 *
 * Build and run (from the repository root, after building Eddy into build/):
 *
 *   /usr/lib/llvm-19/bin/clang -O2 -fplugin=build/lib/EddyClang.so -Iinclude \
 *       examples/mlp_train.c -o mlp_train -lm && ./mlp_train
 *
 * (scripts/demo.sh does all of it, dependencies included.)
 *
 * 1. The seed example f(x) = [sin(x1 x2), x1^2 + x2]: its Jacobian by forward
 *    mode (one column per pass) and by reverse mode (one row per pass).
 * 2. A 4-8-8-3 tanh MLP (examples/mlp.h, plain C, 139 parameters in one
 *    array): Eddy's reverse-mode gradient checked against central finite
 *    differences of every parameter and against forward-mode JVPs.
 * 3. 20 steps of gradient descent with that gradient.
 *
 * The loss code knows nothing about derivatives: the only Eddy-specific
 * lines are the __enzyme_autodiff / __enzyme_fwddiff calls.
 *===----------------------------------------------------------------------===*/
#include <eddy/eddy.h>
#include <stdio.h>
#include <time.h>

#include "mlp.h"

/* ---- 1. The seed Jacobian ---------------------------------------------- */

static void seed_f(const double *x, double *y) {
  y[0] = sin(x[0] * x[1]);
  y[1] = x[0] * x[0] + x[1];
}

static int show_seed_jacobian(void) {
  double x[2] = {1.0, 2.0}, Jf[2][2], Jr[2][2];
  double J[2][2] = {{x[1] * cos(x[0] * x[1]), x[0] * cos(x[0] * x[1])},
                    {2 * x[0], 1.0}};
  for (int j = 0; j < 2; ++j) { /* forward: tangent e_j -> column j */
    double dx[2] = {0, 0}, y[2], dy[2] = {0, 0};
    dx[j] = 1.0;
    __enzyme_fwddiff_void((void *)seed_f, x, dx, y, dy);
    Jf[0][j] = dy[0];
    Jf[1][j] = dy[1];
  }
  for (int i = 0; i < 2; ++i) { /* reverse: cotangent e_i -> row i */
    double dx[2] = {0, 0}, y[2], dy[2] = {0, 0};
    dy[i] = 1.0;
    __enzyme_autodiff_void((void *)seed_f, x, dx, y, dy);
    Jr[i][0] = dx[0];
    Jr[i][1] = dx[1];
  }
  double worst = 0;
  printf("Seed example: f(x) = [sin(x1*x2), x1^2 + x2] at x = (1, 2)\n");
  printf("  Jacobian      forward (2 columns)      reverse (2 rows)         "
         "analytic\n");
  for (int i = 0; i < 2; ++i) {
    printf("  row %d   [%10.6f %10.6f]   [%10.6f %10.6f]   [%10.6f %10.6f]\n",
           i, Jf[i][0], Jf[i][1], Jr[i][0], Jr[i][1], J[i][0], J[i][1]);
    for (int j = 0; j < 2; ++j) {
      double e1 = fabs(Jf[i][j] - J[i][j]), e2 = fabs(Jr[i][j] - J[i][j]);
      worst = e1 > worst ? e1 : worst;
      worst = e2 > worst ? e2 : worst;
    }
  }
  printf("  max |AD - analytic| = %.2e  %s\n\n", worst,
         worst < 1e-12 ? "(ok)" : "(MISMATCH)");
  return worst < 1e-12;
}

/* ---- 2. Gradient check -------------------------------------------------- */

#define BATCH 32
static double X[BATCH * MLP_IN];
static int labels[BATCH];

static double loss(const double *p) { return mlp_loss(p, X, labels, BATCH); }

/* Eddy: the gradient of mlp_loss with respect to p, added into g. X and the
 * labels are data (enzyme_const); the batch size is an int (const). */
static double loss_and_gradient(const double *p, double *g) {
  for (int i = 0; i < MLP_NPARAMS; ++i)
    g[i] = 0.0;
  __enzyme_autodiff((void *)mlp_loss, enzyme_dup, p, g, enzyme_const, X,
                    enzyme_const, labels, BATCH);
  return loss(p);
}

/* Eddy forward mode: the directional derivative of the loss along v. */
static double directional_derivative(const double *p, const double *v) {
  return __enzyme_fwddiff((void *)mlp_loss, enzyme_dup, p, v, enzyme_const, X,
                          enzyme_const, labels, BATCH);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int gradient_check(double *p) {
  double g[MLP_NPARAMS], max_abs = 0, max_rel = 0, gmax = 0;
  loss_and_gradient(p, g);
  for (int i = 0; i < MLP_NPARAMS; ++i) {
    /* Central differences, h = cbrt(eps) * max(1,|p_i|): error ~1e-10. */
    double pi = p[i], h = 6.055454e-6 * (fabs(pi) > 1 ? fabs(pi) : 1);
    p[i] = pi + h;
    double fp = loss(p);
    p[i] = pi - h;
    double fm = loss(p);
    p[i] = pi;
    double fd = (fp - fm) / (2 * h), err = fabs(g[i] - fd);
    double rel = err / (fabs(fd) > 1e-6 ? fabs(fd) : 1e-6);
    max_abs = err > max_abs ? err : max_abs;
    max_rel = rel > max_rel ? rel : max_rel;
    gmax = fabs(g[i]) > gmax ? fabs(g[i]) : gmax;
  }
  printf("MLP 4-8-8-3 (tanh, softmax cross-entropy), %d parameters, batch %d\n",
         MLP_NPARAMS, BATCH);
  printf("  gradient check, reverse mode vs central finite differences "
         "(all %d parameters):\n", MLP_NPARAMS);
  printf("    max |grad| = %.3e   max abs err = %.2e   max rel err = %.2e  %s\n",
         gmax, max_abs, max_rel, max_rel < 1e-5 ? "(ok)" : "(MISMATCH)");
  printf("    (central differences are themselves only accurate to ~1e-7 "
         "relative; 1e-5 is the pass mark)\n");

  /* Forward mode: J v must equal <grad, v> for any direction v. */
  unsigned long long seed = 99;
  double worst_fwd = 0;
  printf("  forward mode JVP vs <reverse gradient, v>, random directions v:\n");
  for (int r = 0; r < 3; ++r) {
    double v[MLP_NPARAMS], dot = 0;
    for (int i = 0; i < MLP_NPARAMS; ++i) {
      v[i] = mlp_rand(&seed);
      dot += g[i] * v[i];
    }
    double jvp = directional_derivative(p, v);
    double rel = fabs(jvp - dot) / (fabs(dot) > 1e-12 ? fabs(dot) : 1e-12);
    worst_fwd = rel > worst_fwd ? rel : worst_fwd;
    printf("    v%d: forward %+.15f   reverse %+.15f   rel err %.1e\n", r, jvp,
           dot, rel);
  }

  /* What the gradient costs, relative to one loss evaluation. */
  const int reps = 2000;
  volatile double sink = 0;
  double t0 = now();
  for (int k = 0; k < reps; ++k)
    sink += loss(p);
  double t1 = now();
  for (int k = 0; k < reps; ++k)
    sink += loss_and_gradient(p, g);
  double t2 = now();
  (void)sink;
  printf("  cost: loss %.2f us, loss + gradient %.2f us  (%.1fx; finite "
         "differences would need %d loss evaluations)\n\n",
         1e6 * (t1 - t0) / reps, 1e6 * (t2 - t1) / reps,
         (t2 - t1) / (t1 - t0), 2 * MLP_NPARAMS);
  return max_rel < 1e-5 && worst_fwd < 1e-10;
}

/* ---- 3. Training -------------------------------------------------------- */

static double accuracy(const double *p) {
  int right = 0;
  for (int n = 0; n < BATCH; ++n) {
    /* The predicted class minimises the loss of that single sample. */
    int best = 0;
    double best_loss = 1e300;
    for (int k = 0; k < MLP_OUT; ++k) {
      double l = mlp_loss(p, X + n * MLP_IN, &k, 1);
      if (l < best_loss) {
        best_loss = l;
        best = k;
      }
    }
    right += best == labels[n];
  }
  return (double)right / BATCH;
}

int main(void) {
  double p[MLP_NPARAMS], g[MLP_NPARAMS];
  int ok = show_seed_jacobian();

  mlp_init(p, 42);
  mlp_make_data(X, labels, BATCH, 7);
  ok &= gradient_check(p);

  const double lr = 0.5;
  printf("Training: gradient descent, learning rate %.2f, full batch\n", lr);
  double first = 0, last = 0;
  for (int step = 0; step <= 20; ++step) {
    double l = loss_and_gradient(p, g);
    if (step == 0)
      first = l;
    last = l;
    if (step % 2 == 0)
      printf("  step %2d   loss %.6f   accuracy %3.0f%%\n", step, l,
             100 * accuracy(p));
    for (int i = 0; i < MLP_NPARAMS; ++i)
      p[i] -= lr * g[i];
  }
  printf("  loss %.4f -> %.4f\n\n", first, last);
  ok &= last < first;

  printf("%s\n", ok ? "All derivative checks passed."
                    : "SOME DERIVATIVE CHECKS FAILED.");
  return ok ? 0 : 1;
}

// Split reverse mode (__enzyme_augmentfwd / __enzyme_reverse) the way a
// framework drives it: the forward sweep on one call, the backward sweep
// later, after other work. The kernels have loops, a local array (whose
// shadow the tape owns), a heap block, a noinline callee with its own loop
// (its split pair shares the tape) and libm calls, so the tape really holds
// pushed values. References: the combined __enzyme_autodiff gradient (same
// arithmetic, exact tolerance) and central finite differences (eddy_check.h:
// step ~ cbrt(eps)*|x|, tolerance 1e-6 relative).
//  1. forward, then overwrite the inputs and compute other gradients (of the
//     same and another function, combined and split), then backward;
//  2. a function returning a double: the primal comes back from the forward
//     call (struct {tape, value}) and the backward takes the differential of
//     the return (the gradient scales with it);
//  3. two live tapes of one function, consumed in either order;
//  4. enzyme_tape / enzyme_allocated (storage from __enzyme_augmentsize, and
//     a constant size) with enzyme_nofree: Jacobian rows from repeated
//     backward calls on one tape, the last one releasing it (enzyme_nofree
//     on a forward call, as Enzyme code passes it, changes nothing);
//  5. tapes released with __eddy_tape_free and never reversed (no leak: the
//     valgrind job runs this test).
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <stdlib.h>
#include "eddy_check.h"

enum { N = 5 };

__attribute__((noinline)) static double cubes(const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += v[i] * v[i] * v[i];
  return s;
}

// y = kernel(x): reads x, writes y.
static void kernel(const double *x, double *y, int n) {
  double tmp[8];
  for (int i = 0; i < n; ++i)
    tmp[i] = sin(x[i]) * x[(i + 1) % n];
  double *h = malloc(n * sizeof(double));
  for (int i = 0; i < n; ++i)
    h[i] = tmp[i] * tmp[i] + 0.5;
  double p = cubes(h, n);
  for (int i = 0; i < n; ++i)
    y[i] = h[i] * p + exp(0.1 * x[i]);
  free(h);
}

static double energy(const double *x, int n) {
  double e = 0;
  for (int i = 0; i < n; ++i) {
    e += cos(x[i]) * x[i];
    e *= 1.01;
  }
  return e + 0.1 * cubes(x, n);
}

typedef struct { void *tape; double value; } Aug;
Aug __enzyme_augmentfwd_value(void *, ...);

static const double X0[N] = {0.3, -0.7, 1.1, 0.45, -1.3};
static const double W[N] = {1.0, -0.5, 0.25, 2.0, -1.5};

static double loss(const double *x) { // sum_i W_i y_i
  double y[N], s = 0;
  kernel(x, y, N);
  for (int i = 0; i < N; ++i)
    s += W[i] * y[i];
  return s;
}

static void combined_kernel(const double *x, const double *w, double *dx) {
  double xs[N], y[N], dy[N];
  for (int i = 0; i < N; ++i) {
    xs[i] = x[i];
    dy[i] = w[i];
    dx[i] = 0;
  }
  __enzyme_autodiff_void((void *)kernel, xs, dx, y, dy, enzyme_const, N);
}

static void check_kernel_grad(const char *what, const double *dx) {
  double ref[N];
  combined_kernel(X0, W, ref);
  char name[96];
  for (int j = 0; j < N; ++j) {
    snprintf(name, sizeof name, "%s dL/dx%d vs combined", what, j);
    eddy_check(name, dx[j], ref[j]);
    double xp[N], xm[N];
    memcpy(xp, X0, sizeof xp);
    memcpy(xm, X0, sizeof xm);
    double h = eddy_fd_step(X0[j]);
    xp[j] += h;
    xm[j] -= h;
    snprintf(name, sizeof name, "%s dL/dx%d vs fd", what, j);
    eddy_check_fd(name, dx[j], (loss(xp) - loss(xm)) / (2 * h));
  }
}

static void later(void) {
  double x[N], y[N], dx[N], dy[N];
  memcpy(x, X0, sizeof x);
  for (int i = 0; i < N; ++i)
    dx[i] = 0, dy[i] = W[i];
  void *tape = __enzyme_augmentfwd((void *)kernel, x, dx, y, dy, enzyme_const, N);
  double yref[N];
  kernel(X0, yref, N);
  for (int i = 0; i < N; ++i)
    eddy_check("forward call computes y", y[i], yref[i]);

  // Other work: the inputs are overwritten (the backward sweep must not
  // re-read them), and other gradients use the thread's tape buffer.
  for (int i = 0; i < N; ++i)
    x[i] = 100.0 + i;
  double other[N], e[N] = {0};
  combined_kernel(x, W, other);
  __enzyme_autodiff((void *)energy, x, e, enzyme_const, N);
  double y2[N], dx2[N] = {0}, dy2[N] = {1, 1, 1, 1, 1};
  void *tape2 = __enzyme_augmentfwd((void *)kernel, x, dx2, y2, dy2, enzyme_const, N);
  __enzyme_reverse((void *)kernel, x, dx2, y2, dy2, enzyme_const, N, tape2);

  __enzyme_reverse((void *)kernel, x, dx, y, dy, enzyme_const, N, tape);
  check_kernel_grad("later", dx);
  for (int i = 0; i < N; ++i)
    eddy_check("backward consumes dy", dy[i], 0.0);
}

static void returns_value(void) {
  double x[N], dx[N] = {0}, ref[N] = {0};
  memcpy(x, X0, sizeof x);
  Aug a = __enzyme_augmentfwd_value((void *)energy, x, dx, enzyme_const, N);
  eddy_check("forward returns energy", a.value, energy(X0, N));
  for (int i = 0; i < N; ++i)
    x[i] = -3.0;
  double dret = 2.5;
  __enzyme_reverse((void *)energy, x, dx, enzyme_const, N, dret, a.tape);
  double xr[N];
  memcpy(xr, X0, sizeof xr);
  __enzyme_autodiff((void *)energy, xr, ref, enzyme_const, N);
  char name[64];
  for (int j = 0; j < N; ++j) {
    snprintf(name, sizeof name, "dret * dE/dx%d", j);
    eddy_check(name, dx[j], dret * ref[j]);
    double xp[N], xm[N];
    memcpy(xp, X0, sizeof xp);
    memcpy(xm, X0, sizeof xm);
    double h = eddy_fd_step(X0[j]);
    xp[j] += h;
    xm[j] -= h;
    snprintf(name, sizeof name, "dE/dx%d vs fd", j);
    eddy_check_fd(name, dx[j] / dret, (energy(xp, N) - energy(xm, N)) / (2 * h));
  }
}

static void two_live_tapes(int reversed_order) {
  double xa[N], xb[N], ya[N], yb[N], dxa[N] = {0}, dxb[N] = {0}, dya[N], dyb[N];
  for (int i = 0; i < N; ++i) {
    xa[i] = X0[i];
    xb[i] = 0.5 * X0[i] + 0.2;
    dya[i] = W[i];
    dyb[i] = W[i];
  }
  void *ta = __enzyme_augmentfwd((void *)kernel, xa, dxa, ya, dya, enzyme_const, N);
  void *tb = __enzyme_augmentfwd((void *)kernel, xb, dxb, yb, dyb, enzyme_const, N);
  if (reversed_order) {
    __enzyme_reverse((void *)kernel, xb, dxb, yb, dyb, enzyme_const, N, tb);
    __enzyme_reverse((void *)kernel, xa, dxa, ya, dya, enzyme_const, N, ta);
  } else {
    __enzyme_reverse((void *)kernel, xa, dxa, ya, dya, enzyme_const, N, ta);
    __enzyme_reverse((void *)kernel, xb, dxb, yb, dyb, enzyme_const, N, tb);
  }
  check_kernel_grad(reversed_order ? "two tapes b-then-a: a" : "two tapes a-then-b: a", dxa);
  double refb[N];
  combined_kernel(xb, W, refb);
  for (int j = 0; j < N; ++j)
    eddy_check(reversed_order ? "two tapes b-then-a: b" : "two tapes a-then-b: b",
               dxb[j], refb[j]);
}

static void allocated_nofree(void) {
  size_t bytes = __enzyme_augmentsize((void *)kernel, enzyme_dup, enzyme_dup, enzyme_const);
  eddy_check_eq("augmentsize", (long)bytes, 8);
  void *storage = malloc(bytes);
  char fixed[16];
  double x[N], y[N], dx[N] = {0}, dy[N] = {0};
  memcpy(x, X0, sizeof x);
  __enzyme_augmentfwd((void *)kernel, enzyme_allocated, bytes, enzyme_tape, storage,
                      x, dx, y, dy, enzyme_const, N);
  __enzyme_augmentfwd((void *)kernel, enzyme_allocated, sizeof fixed, enzyme_tape, fixed, enzyme_nofree,
                      x, dx, y, dy, enzyme_const, N);
  // Rows of the Jacobian dy/dx, one backward call each on the same tapes
  // (the shadows are those the forward calls were given, reseeded).
  double wref[N];
  char name[64];
  for (int r = 0; r < N; ++r) {
    double e[N] = {0}, row[N], row2[N], ref[N];
    e[r] = 1;
    combined_kernel(X0, e, ref);
    memset(dx, 0, sizeof dx);
    memcpy(dy, e, sizeof dy);
    __enzyme_reverse((void *)kernel, enzyme_allocated, bytes, enzyme_tape, storage,
                     enzyme_nofree, x, dx, y, dy, enzyme_const, N);
    memcpy(row, dx, sizeof row);
    memset(dx, 0, sizeof dx);
    memcpy(dy, e, sizeof dy);
    __enzyme_reverse((void *)kernel, x, dx, y, dy, enzyme_const, N,
                     enzyme_tape, fixed, enzyme_allocated, 16, enzyme_nofree);
    memcpy(row2, dx, sizeof row2);
    for (int j = 0; j < N; ++j) {
      snprintf(name, sizeof name, "nofree row %d col %d", r, j);
      eddy_check(name, row[j], ref[j]);
      eddy_check(name, row2[j], ref[j]);
    }
  }
  // The last backward calls release the tapes.
  double g[N], g2[N];
  memset(dx, 0, sizeof dx);
  memcpy(dy, W, sizeof dy);
  __enzyme_reverse((void *)kernel, enzyme_allocated, bytes, enzyme_tape, storage,
                   x, dx, y, dy, enzyme_const, N);
  memcpy(g, dx, sizeof g);
  memset(dx, 0, sizeof dx);
  memcpy(dy, W, sizeof dy);
  __enzyme_reverse((void *)kernel, enzyme_tape, fixed, enzyme_allocated, 16,
                   x, dx, y, dy, enzyme_const, N);
  memcpy(g2, dx, sizeof g2);
  combined_kernel(X0, W, wref);
  for (int j = 0; j < N; ++j) {
    eddy_check("allocated, last call", g[j], wref[j]);
    eddy_check("fixed storage, last call", g2[j], wref[j]);
  }
  free(storage);
}

static void released_unused(void) {
  for (int k = 0; k < 3; ++k) {
    double x[N], y[N], dx[N] = {0}, dy[N] = {0};
    memcpy(x, X0, sizeof x);
    void *tape = __enzyme_augmentfwd((void *)kernel, x, dx, y, dy, enzyme_const, N);
    __eddy_tape_free(tape);
    Aug a = __enzyme_augmentfwd_value((void *)energy, x, dx, enzyme_const, N);
    __eddy_tape_free(a.tape);
  }
  __eddy_tape_free(NULL);
  eddy_check("released without backward", 1, 1);
}

int main(void) {
  later();
  returns_value();
  two_live_tapes(0);
  two_live_tapes(1);
  allocated_nofree();
  released_unused();
  return eddy_summary();
}

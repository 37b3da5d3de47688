// A 1000-step recurrent network h_{t+1} = tanh(W h_t + U x_t + b), hidden
// size 16, input size 4 read from a fixed array, loss on the final state.
// The weights W, U and b are read in every step and never written by the
// loop (read-only arrays, differentiated: their adjoints are summed over all
// the steps); h is updated in place through a scratch vector. The time loop
// is checkpointed three ways (binomial, periodic, online) and compared with
// the same function without the pragma (the stored tape):
//  - the adjoints of W, U, b and h0 equal the stored-tape ones bit for bit
//    (W, U and b: arrays, so the same operations in the same order);
//  - the weights and the input are left untouched, h as the primal leaves it;
//  - entries of dW, dU, db and dh0 match central finite differences;
//  - the driver ran 1000 steps, each recorded once.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define T 1000
#define H 16
#define I 4

static double X[T][I]; // The input sequence (constant).

static void cell(double *h, double *tmp, const double *W, const double *U,
                 const double *b, const double *x) {
  for (int i = 0; i < H; ++i) {
    double a = b[i];
    for (int j = 0; j < H; ++j)
      a += W[i * H + j] * h[j];
    for (int k = 0; k < I; ++k)
      a += U[i * I + k] * x[k];
    tmp[i] = tanh(a);
  }
  for (int i = 0; i < H; ++i)
    h[i] = tmp[i];
}

static double readout(const double *h) {
  double s = 0;
  for (int i = 0; i < H; ++i)
    s += (0.5 + 0.1 * i) * h[i] + 0.3 * h[i] * h[i];
  return s;
}

static double taped(double *h, const double *W, const double *U, const double *b) {
  double tmp[H];
  for (int t = 0; t < T; ++t)
    cell(h, tmp, W, U, b, X[t]);
  return readout(h);
}

static double binomial(double *h, const double *W, const double *U, const double *b) {
  double tmp[H];
#pragma eddy checkpoint(binomial, snapshots(8))
  for (int t = 0; t < T; ++t)
    cell(h, tmp, W, U, b, X[t]);
  return readout(h);
}

static double periodic(double *h, const double *W, const double *U, const double *b) {
  double tmp[H];
#pragma eddy checkpoint(periodic, every(50))
  for (int t = 0; t < T; ++t)
    cell(h, tmp, W, U, b, X[t]);
  return readout(h);
}

static double online(double *h, const double *W, const double *U, const double *b) {
  double tmp[H];
  int t = 0;
#pragma eddy checkpoint(online, snapshots(6))
  while (t < T) {
    cell(h, tmp, W, U, b, X[t]);
    ++t;
  }
  return readout(h);
}

typedef double (*Net)(double *, const double *, const double *, const double *);

typedef struct {
  double h[H], W[H * H], U[H * I], b[H];
} Params;

static void init(Params *p) {
  eddy_rng_state = 42;
  for (int i = 0; i < H; ++i)
    p->h[i] = 0.1 * eddy_rand();
  for (int i = 0; i < H * H; ++i)
    p->W[i] = 0.35 * eddy_rand();
  for (int i = 0; i < H * I; ++i)
    p->U[i] = 0.5 * eddy_rand();
  for (int i = 0; i < H; ++i)
    p->b[i] = 0.1 * eddy_rand();
}

// A request names its function directly, hence a macro.
#define GRADIENT(f, p, d)                                                      \
  do {                                                                         \
    memset(d, 0, sizeof *(d));                                                 \
    __enzyme_autodiff((void *)f, (p)->h, (d)->h, (p)->W, (d)->W, (p)->U,       \
                      (d)->U, (p)->b, (d)->b);                                 \
  } while (0)

// Finite differences of f over one block of the parameters.
static Net FdNet;
static int FdBlock; // 0 h, 1 W, 2 U, 3 b
static double of_block(const double *x, void *ctx) {
  Params p;
  init(&p);
  double *blocks[] = {p.h, p.W, p.U, p.b};
  const int sizes[] = {H, H * H, H * I, H};
  memcpy(blocks[FdBlock], x, sizeof(double) * sizes[FdBlock]);
  return FdNet(p.h, p.W, p.U, p.b);
}

static void check(const char *name, Net f, const Params *p, const Params *d,
                  const Params *ref, const Params *h_end) {
  Params p0;
  init(&p0);
  char buf[96];
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, T);
  snprintf(buf, sizeof buf, "%s.records", name);
  eddy_check_eq(buf, st.records, T);
  snprintf(buf, sizeof buf, "%s.h_after_bitwise", name);
  eddy_check_eq(buf, memcmp(p->h, h_end->h, sizeof p->h) == 0, 1);
  snprintf(buf, sizeof buf, "%s.weights_untouched", name);
  eddy_check_eq(buf, memcmp(p->W, p0.W, sizeof p0.W) == 0 &&
                         memcmp(p->U, p0.U, sizeof p0.U) == 0 &&
                         memcmp(p->b, p0.b, sizeof p0.b) == 0, 1);

  // Every adjoint against the stored tape's, bit for bit (only the first
  // differences print).
  const double *got = (const double *)d, *want = (const double *)ref;
  int n = sizeof(Params) / sizeof(double), bad = 0;
  for (int i = 0; i < n; ++i)
    if (memcmp(&got[i], &want[i], sizeof(double)) != 0 && ++bad <= 3)
      printf("%s: adjoint %d: got %a want %a\n", name, i, got[i], want[i]);
  snprintf(buf, sizeof buf, "%s.adjoints_bitwise_mismatches", name);
  eddy_check_eq(buf, bad, 0);

  // Some entries of each block against finite differences.
  FdNet = f;
  const double *blocks[] = {p0.h, p0.W, p0.U, p0.b};
  const double *dblocks[] = {d->h, d->W, d->U, d->b};
  const int sizes[] = {H, H * H, H * I, H};
  const char *names[] = {"dh0", "dW", "dU", "db"};
  for (FdBlock = 0; FdBlock < 4; ++FdBlock)
    for (int i = 0; i < sizes[FdBlock]; i += sizes[FdBlock] / 4 + 1) {
      snprintf(buf, sizeof buf, "%s.%s_fd[%%d]", name, names[FdBlock]);
      eddy_checkf_tol(dblocks[FdBlock][i],
                      eddy_fd_partial(of_block, 0, blocks[FdBlock], sizes[FdBlock], i),
                      EDDY_RTOL_FD, EDDY_ATOL_FD, buf, i, 0);
    }
}

int main(void) {
  eddy_rng_state = 7;
  for (int t = 0; t < T; ++t)
    for (int k = 0; k < I; ++k)
      X[t][k] = sin(0.05 * t + k) + 0.2 * eddy_rand();

  Params p, ref, q, d;
  init(&p);
  GRADIENT(taped, &p, &ref);
  init(&q);
  GRADIENT(binomial, &q, &d);
  check("binomial", binomial, &q, &d, &ref, &p);
  init(&q);
  GRADIENT(periodic, &q, &d);
  check("periodic", periodic, &q, &d, &ref, &p);
  init(&q);
  GRADIENT(online, &q, &d);
  check("online", online, &q, &d, &ref, &p);
  return eddy_summary();
}

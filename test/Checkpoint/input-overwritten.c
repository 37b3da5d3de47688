// A checkpointed loop whose body reads arrays that the code after the loop
// overwrites before the function returns: a forcing term f (differentiated)
// and a coefficient table c (held fixed). The backward sweep recomputes
// steps after that code ran, so Eddy must keep what the loop read as it was
// (docs/checkpointing.md: read-only inputs are stored once when the loop
// starts). Gradients w.r.t. u0 and f against the same function without the
// pragma (the stored tape) bit for bit, and finite differences; the arrays
// left after the gradient (u, f, c, all changed after the loop) are the
// primal's bit for bit. Three schedules.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

#define N 8
#define STEPS 40

static void step(double *u, const double *f, const double *c) {
  for (int j = 0; j < N; ++j)
    u[j] = u[j] + 0.05 * (c[j] * sin(u[(j + 1) % N]) + f[j] * u[j]);
}

// After the loop: the inputs are reused as scratch space.
static double finish(double *u, double *f, double *c) {
  for (int j = 0; j < N; ++j) {
    f[j] = u[j] * u[j];
    c[j] = -1e3;
  }
  double s = 0;
  for (int j = 0; j < N; ++j)
    s += (j + 1) * f[j];
  return s;
}

static double taped(double *u, double *f, double *c) {
  for (int t = 0; t < STEPS; ++t)
    step(u, f, c);
  return finish(u, f, c);
}

static double binomial(double *u, double *f, double *c) {
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t)
    step(u, f, c);
  return finish(u, f, c);
}

static double periodic(double *u, double *f, double *c) {
#pragma eddy checkpoint(periodic, every(7))
  for (int t = 0; t < STEPS; ++t)
    step(u, f, c);
  return finish(u, f, c);
}

static double online(double *u, double *f, double *c) {
  int t = 0;
#pragma eddy checkpoint(online, snapshots(2))
  while (t < STEPS) {
    step(u, f, c);
    ++t;
  }
  return finish(u, f, c);
}

typedef struct { double u[N], f[N], c[N]; } State;

static void init(State *s) {
  for (int j = 0; j < N; ++j) {
    s->u[j] = 0.4 + 0.2 * sin(0.9 * j);
    s->f[j] = 0.3 * cos(1.3 * j);
    s->c[j] = 1 + 0.1 * j;
  }
}

typedef double (*Fn)(double *, double *, double *);
static Fn FdFn;
static int FdWrtF;
static double of_x(const double *x, void *ctx) {
  State s;
  init(&s);
  memcpy(FdWrtF ? s.f : s.u, x, sizeof(double) * N);
  return FdFn(s.u, s.f, s.c);
}

#define GRADIENT(fn, s, du, df)                                                \
  __enzyme_autodiff((void *)fn, (s)->u, du, (s)->f, df, enzyme_const, (s)->c)

static void check(const char *name, Fn fn, const State *s, const double *du,
                  const double *df, const State *ref, const double *du_ref,
                  const double *df_ref) {
  char buf[64];
  snprintf(buf, sizeof buf, "%s.du_bitwise", name);
  eddy_check_eq(buf, memcmp(du, du_ref, sizeof(double) * N) == 0, 1);
  snprintf(buf, sizeof buf, "%s.df_bitwise", name);
  eddy_check_eq(buf, memcmp(df, df_ref, sizeof(double) * N) == 0, 1);
  snprintf(buf, sizeof buf, "%s.memory_after_bitwise", name);
  eddy_check_eq(buf, memcmp(s, ref, sizeof *s) == 0, 1);
  State s0;
  init(&s0);
  FdFn = fn;
  for (int j = 0; j < N; ++j) {
    FdWrtF = 0;
    snprintf(buf, sizeof buf, "%s.du_fd[%d]", name, j);
    eddy_check_fd(buf, du[j], eddy_fd_partial(of_x, 0, s0.u, N, j));
    FdWrtF = 1;
    snprintf(buf, sizeof buf, "%s.df_fd[%d]", name, j);
    eddy_check_fd(buf, df[j], eddy_fd_partial(of_x, 0, s0.f, N, j));
  }
}

int main(void) {
  State ref;
  double du_ref[N] = {0}, df_ref[N] = {0};
  init(&ref);
  GRADIENT(taped, &ref, du_ref, df_ref);

  // One request per schedule, each in straight-line code (requests in the
  // arms of an if may be merged into one call on a function pointer).
  State s;
  double du[N], df[N];
#define RUN(fn)                                                                \
  memset(du, 0, sizeof du);                                                    \
  memset(df, 0, sizeof df);                                                    \
  init(&s);                                                                    \
  GRADIENT(fn, &s, du, df);                                                    \
  check(#fn, fn, &s, du, df, &ref, du_ref, df_ref);
  RUN(binomial)
  RUN(periodic)
  RUN(online)
  return eddy_summary();
}

// A tape budget checkpoints every outermost loop, here in a static callee
// that GlobalOpt makes fastcc before Eddy runs. The index-filling loop is
// inactive: its outlined loop function stays in the callee's forward sweep
// as a plain call. Outlined from the fastcc copy of `work`, the step and loop
// functions took its convention while Eddy calls them as C: undefined, folded
// to `unreachable` at -O1 and up (16 of 17 derivatives wrong at -O1, a crash
// at -O2). They are C now (CheckpointOutlining.cpp). Central differences at
// every level.
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -fplugin-arg-eddy-tape-budget=256 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <math.h>
#include "eddy_check.h"
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) static double work(const double *x, int n) {
  int idx[16];
  for (int i = 0; i < n; ++i)
    idx[i] = (i * 7 + 3) % n;
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += sin(x[idx[i]]) * x[i] + 0.1 * x[i] * x[i];
  return s;
}

static double f(const double *x) { return work(x, 16) + work(x + 1, 8); }
static double f_fd(const double *x, void *ctx) { (void)ctx; return f(x); }

int main(void) {
  double x[17], dx[17] = {0};
  for (int i = 0; i < 17; ++i)
    x[i] = 0.3 + 0.05 * i;
  __enzyme_autodiff((void *)f, x, dx);
  for (int i = 0; i < 17; ++i) {
    char name[32];
    snprintf(name, sizeof name, "d/dx%d", i);
    eddy_check_fd(name, dx[i], eddy_fd_partial(f_fd, 0, x, 17, i));
  }
  return eddy_summary();
}

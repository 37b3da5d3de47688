// A checkpointed loop that calls a function writing memory besides its own
// locals (a counter, through a recursion no level inlines away) is refused,
// at the same line at every level: replaying the loop from a snapshot would
// run the writes again. (Its twin that touches only its own locals, which -O0
// keeps in memory, is accepted at every level: hvp-step-calls.c.)
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
#include <eddy/eddy.h>

static int Calls;

static double nest(double x, int n) {
  ++Calls;
  // CHECK: refuse-callee-writes.c:[[@LINE+1]]:29: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(binomial, ...)'): the loop calls a function that writes memory Eddy cannot bound; only loops whose memory accesses are bounded before they start can be checkpointed
  return n <= 0 ? x : 0.5 * nest(x, n - 1) * nest(x, n - 1) + 0.5 * x;
}

static double f(double *u, double k, int depth) {
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < 20; ++t)
    for (int i = 0; i < 6; ++i)
      u[i] += k * nest(u[i], depth) * u[(i + 1) % 6];
  return u[0];
}

double grad(double *u, double *du, int depth) {
  return __enzyme_autodiff((void *)f, u, du, 0.03, depth);
}

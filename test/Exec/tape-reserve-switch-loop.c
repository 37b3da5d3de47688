// A loop around an exhaustive switch: its cases push different amounts to
// the tape. The loop reserves room for its trip count times the most one
// iteration can push (the longest path through the body: the largest case
// plus what the loop pushes itself), so no case checks for room. At -O2 LLVM
// turns the impossible default into `unreachable`, an exit that never
// happens: the trip count ignores it. Before, the loop reserved nothing at
// -O2 and every case checked (and could grow the tape) by itself; with the
// sum of all blocks instead of the longest path, a long loop over many cases
// would have reserved cases x trips.
//
// The gradient is checked against central differences at every level, for
// trip counts from 0 to 5,000, so the reservation is used up to its end
// (ASan builds of the suite catch a short one).
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -I%S/../Inputs -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
#include <eddy/eddy.h>
#include <math.h>
#include "eddy_check.h"

__attribute__((noinline)) double f(const double *x, int n) {
  double s = x[0], t = x[1];
  for (int i = 0; i < n; ++i) {
    switch (i % 4) {
    case 0: s = 0.5 * sin(s) + 0.25 * t; break;
    case 1: t = 0.5 * t + 0.2 * exp(-s * s) * sin(t); break;
    case 2: s = 0.3 * log(1.0 + s * s) + 0.4 * cos(t) * s; break;
    case 3: {
      double a = sqrt(1.0 + t * t), b = exp(-0.5 * a), c = sin(a * s);
      s = 0.4 * s + 0.3 * b * c;
      t = 0.6 * t + 0.1 * a * b;
      break;
    }
    default: __builtin_unreachable();
    }
  }
  return s * t + s;
}

static int fd_n;
static double fd_x[2];
static double fd_f(double v, int k) {
  double x[2] = {fd_x[0], fd_x[1]};
  x[k] = v;
  return f(x, fd_n);
}
static double fd_f0(double v) { return fd_f(v, 0); }
static double fd_f1(double v) { return fd_f(v, 1); }

int main(void) {
  const int trips[] = {0, 1, 3, 4, 7, 100, 5000};
  for (unsigned k = 0; k < sizeof trips / sizeof *trips; ++k) {
    double x[2] = {0.7, -0.3}, dx[2] = {0, 0};
    fd_n = trips[k];
    fd_x[0] = x[0];
    fd_x[1] = x[1];
    __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, trips[k]);
    eddy_check_fd("dx0", dx[0], eddy_fd(fd_f0, x[0]));
    eddy_check_fd("dx1", dx[1], eddy_fd(fd_f1, x[1]));
  }
  return eddy_summary();
}
// CHECK: OK dx0
// CHECK: OK dx1
// CHECK: ALL OK
// The forward sweep (in the gradient, which inlines it) grows the tape
// before the loop and once after it (the record of its trips), never in a
// case (there were 6 calls).
// IR-LABEL: define internal void @f.eddy.grad.
// IR-COUNT-2: call void @eddy.tape.grow(
// IR-NOT: call void @eddy.tape.grow(
// IR: ret

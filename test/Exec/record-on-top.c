// Where a callee's record goes on the tape (ReverseRecord.cpp). When every
// block that runs once per call dominates the exits (`line`: straight-line;
// `looped`: a loop between two such blocks), the forward sweep pushes the
// record last, at the exit, with one tape reservation, and the adjoint pops it
// first thing. Otherwise (`branchy`: values computed in one arm of a branch)
// the record is allocated at the entry, its offset pushed at the exit. The
// three call each other (a record on top inside a loop whose iterations push,
// under a record allocated at the entry, with two ways out), so each adjoint
// must find its own record in the right place: numbers against central
// differences at every level.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -I%S/../Inputs -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
#include <math.h>
#include "eddy_check.h"
double __enzyme_autodiff(void *, ...);

__attribute__((noinline)) static double leaf(double a, double b) {
  double e = exp(0.3 * a * b);
  double s = sin(a + e);
  return s * e + b * b * s;
}

// One reservation, after the call (whose forward sweep pushes its own record
// first), none at the entry.
// IR-LABEL: define internal double @line.eddy.aug.
// IR-NOT: eddy.tape.grow
// IR: call double @leaf.eddy.aug.
// IR: call void @eddy.tape.grow(
// IR-NOT: eddy.tape.grow
// IR: ret double
__attribute__((noinline)) static double line(double a, double b) {
  double e = exp(0.3 * a * b);
  double s = sin(a + leaf(e, b));
  return s * e + b * b * s;
}

__attribute__((noinline)) static double looped(const double *x, int n, double w) {
  double c = cos(w) * w;
  double acc = 0;
  for (int i = 0; i < n; ++i)
    acc += leaf(x[i], c) * sin(x[i] * c);
  double t = tanh(acc);
  return t * c + leaf(t, w);
}

__attribute__((noinline)) static double branchy(const double *x, int n, double w) {
  double u;
  if (w > 0.5) {
    double p = exp(w * x[0]);
    u = p * looped(x, n, p) + sin(p);
  } else {
    double q = log(2.0 + w * w);
    return q * leaf(q, x[1]);
  }
  return u * u + line(u, w);
}

static double f(const double *x) { return branchy(x, 3, x[3]) + line(x[0], x[1]); }
static double f_fd(const double *x, void *ctx) { (void)ctx; return f(x); }

int main(void) {
  double points[2][4] = {{0.3, -0.7, 0.45, 0.9}, {0.2, 0.6, -0.35, 0.1}};
  for (int p = 0; p < 2; ++p) {
    double *x = points[p];
    double dx[4] = {0};
    __enzyme_autodiff((void *)f, x, dx);
    for (int i = 0; i < 4; ++i) {
      char name[32];
      snprintf(name, sizeof name, "point %d d/dx%d", p, i);
      eddy_check_fd(name, dx[i], eddy_fd_partial(f_fd, 0, x, 4, i));
    }
  }
  return eddy_summary();
}
// CHECK: ALL OK

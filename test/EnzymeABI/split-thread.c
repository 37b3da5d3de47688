// A split-mode tape crosses threads: the forward sweep on one thread, the
// backward sweep on another (a framework's autograd engine runs backward
// passes on its own threads). The tape owns its buffer and shadows, so it
// outlives the thread that made it (which frees its spare tape buffer when
// it exits). Checked against the combined __enzyme_autodiff gradient, with a
// loop, a local array and a noinline callee in the function.
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -pthread -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <pthread.h>
#include "eddy_check.h"

enum { N = 40 };

__attribute__((noinline)) static double dot(const double *a, const double *b, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * b[i];
  return s;
}

static double f(const double *x, int n) {
  double t[N];
  for (int i = 0; i < n; ++i)
    t[i] = tanh(x[i]) + 0.1 * x[(i + 3) % n];
  return dot(t, t, n) + sin(dot(t, x, n));
}

typedef struct { void *tape; double value; } Aug;
Aug __enzyme_augmentfwd_aug(void *, ...);

typedef struct {
  double x[N], dx[N];
  void *tape;
} Job;

static void *backward(void *arg) {
  Job *J = arg;
  __enzyme_reverse((void *)f, J->x, J->dx, enzyme_const, N, 1.0, J->tape);
  return NULL;
}

static void *forward(void *arg) {
  Job *J = arg;
  Aug a = __enzyme_augmentfwd_aug((void *)f, J->x, J->dx, enzyme_const, N);
  J->tape = a.tape;
  return NULL;
}

static void check(const char *what, const Job *J) {
  double x[N], ref[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = 0.05 * i - 0.8;
  __enzyme_autodiff((void *)f, x, ref, enzyme_const, N);
  for (int i = 0; i < N; ++i)
    eddy_check(what, J->dx[i], ref[i]);
}

static void init(Job *J) {
  for (int i = 0; i < N; ++i) {
    J->x[i] = 0.05 * i - 0.8;
    J->dx[i] = 0;
  }
}

int main(void) {
  static Job A, B;
  pthread_t t;
  // Forward here, backward on another thread.
  init(&A);
  Aug a = __enzyme_augmentfwd_aug((void *)f, A.x, A.dx, enzyme_const, N);
  A.tape = a.tape;
  pthread_create(&t, NULL, backward, &A);
  pthread_join(t, NULL);
  check("main -> thread", &A);
  // Forward on a thread that exits, backward here afterwards.
  init(&B);
  pthread_create(&t, NULL, forward, &B);
  pthread_join(t, NULL);
  backward(&B);
  check("thread -> main", &B);
  return eddy_summary();
}

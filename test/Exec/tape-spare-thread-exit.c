// Each thread keeps its tape buffer as a spare for its next gradient
// (eddy.tape.spare, thread_local). A thread that computed a gradient and
// exited leaked that buffer: LeakSanitizer reported one direct leak per
// thread, allocated in eddy.tape.grow. The buffer is now freed by a
// thread_local destructor registered when the thread first keeps a spare.
// Found with the threads of this test under -fsanitize=address, written after
// the sanitizer runs of docs/sanitizers.md (single-threaded, they could not
// see it). The leak check is the test: LSan makes the program exit non-zero.
//
// ASan's runtime and valgrind cannot run in one process.
// UNSUPPORTED: eddy-valgrind
// RUN: %levels --env ASAN_OPTIONS=detect_leaks=1 %eddy-clang -fsanitize=address -I%S/../Inputs %s -o %t -pthread -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <pthread.h>
#include "eddy_check.h"

enum { N = 600 }; // 4.8 KB of tape: more than the first 4 KiB buffer.

static double f(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}

static void *worker(void *out) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = 0.01 * i;
  __enzyme_autodiff((void *)f, x, dx, enzyme_const, N);
  __enzyme_autodiff((void *)f, x, dx, enzyme_const, N); // Reuses the spare.
  *(double *)out = dx[7];
  return 0;
}

int main(void) {
  double r[3];
  for (int t = 0; t < 3; ++t) {
    pthread_t th;
    pthread_create(&th, 0, worker, &r[t]);
    pthread_join(th, 0);
    eddy_check("thread.dx7", r[t], 2 * 2 * 0.07);
  }
  // The main thread keeps its spare until exit, as before.
  double x[3] = {1, 2, 3}, dx[3] = {0};
  __enzyme_autodiff((void *)f, x, dx, enzyme_const, 3);
  eddy_check("main.dx2", dx[2], 6.0);
  return eddy_summary();
}
// CHECK: ALL OK

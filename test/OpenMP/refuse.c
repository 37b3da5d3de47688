// OpenMP constructs Eddy does not differentiate are refused at the pragma's
// line, naming the construct, at -O0, -O1, -O2 and -O3: a task with a depend clause,
// an ordered region in a parallel loop, a target region, an OpenMP lock
// (critical sections are the supported form), an atomic capture and an
// atomic update other than += / -= (a compare-and-swap). One error per
// function (no follow-on errors from the runtime calls the construct
// lowers to). The wording is free; the checks only ask for the line, for
// `error: eddy:` and for the construct's name as a word (`task`, `ordered`,
// `target`: not just inside a runtime function's name such as
// __kmpc_omp_task_alloc or __tgt_target_kernel). Only compiled, never run.
//
// REQUIRES: openmp
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TASK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TASK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TASK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=1 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TASK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDERED --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDERED --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDERED --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=2 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDERED --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=3 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOCK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOCK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOCK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=4 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOCK --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=5 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O0 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRODUCT --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O2 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRODUCT --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O1 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRODUCT --implicit-check-not="error:"
// RUN: not %eddy-clang %omp-flags -O3 -c -DCASE=6 %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRODUCT --implicit-check-not="error:"
#include <eddy/eddy.h>
#include <math.h>
#include <omp.h>

double f(const double *x, int n) {
  double s = 0.0;
#if CASE == 1
#pragma omp parallel
#pragma omp single
  {
    // TASK: refuse.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{(.*[^_[:alnum:]])?task([^_[:alnum:]].*)?$}}
#pragma omp task depend(inout : s)
    s += x[0] * x[1];
  }
#elif CASE == 2
#pragma omp parallel for ordered
  for (int i = 0; i < n; ++i) {
    double v = sin(x[i]);
    // ORDERED: refuse.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{(.*[^_[:alnum:]])?ordered([^_[:alnum:]].*)?$}}
#pragma omp ordered
    s = 0.5 * s + v;
  }
#elif CASE == 3
  // TARGET: refuse.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{(.*[^_[:alnum:]])?target([^_[:alnum:]].*)?$}}
#pragma omp target map(to : x[0 : n]) map(tofrom : s)
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
#elif CASE == 4
  omp_lock_t lock;
  omp_init_lock(&lock);
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    // LOCK: refuse.c:[[@LINE+1]]:{{[0-9]+}}: error: eddy: {{.*}}omp_set_lock{{.*}}critical
    omp_set_lock(&lock);
    s += x[i];
    omp_unset_lock(&lock);
  }
  omp_destroy_lock(&lock);
#elif CASE == 5
  double t = 0.0;
#pragma omp parallel for reduction(+ : t)
  for (int i = 0; i < n; ++i) {
    double old;
    // CAPTURE: refuse.c:[[@LINE+2]]:{{[0-9]+}}: error: eddy: {{.*}}old value{{.*}}atomic{{.*}}critical
#pragma omp atomic capture
    { old = s; s += x[i]; }
    t += old * x[i];
  }
  s += t;
#elif CASE == 6
#pragma omp parallel for
  for (int i = 0; i < n; ++i) {
    // PRODUCT: refuse.c:[[@LINE+2]]:{{[0-9]+}}: error: eddy: {{.*}}compare-and-swap{{.*}}critical
#pragma omp atomic
    s *= x[i];
  }
#endif
  return s;
}

void g(const double *x, double *dx, int n) {
  __enzyme_autodiff((void *)f, x, dx, n);
}

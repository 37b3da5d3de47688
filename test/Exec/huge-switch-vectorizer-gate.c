// The derivatives of a 1,200-case switch in a loop have more than 1,000
// blocks and no small loop, so the clean-up hides them from LLVM's
// vectorizers with `noimplicitfloat` (SLP is quadratic on them; issue 12)
// until the end of the optimization pipeline, which takes it off again
// (include/Eddy/Passes/VectorizerGate.h). The derivatives are right at every
// level (reverse vs central differences, forward columns vs reverse), the
// sweeps did carry the attribute through the vectorizers, and nothing of it
// is left in the output.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../Inputs %s -S -emit-llvm -o %t.ll \
// RUN:   -mllvm -print-after=slp-vectorizer \
// RUN:   -mllvm -filter-print-funcs=run.eddy.fwd.a_r 2> %t.slp
// RUN: FileCheck --check-prefix=SLP %s < %t.slp
// RUN: FileCheck --check-prefix=OUT %s < %t.ll
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 2
// Three kinds of case, each with its own constant, so that no two cases are
// alike and LLVM cannot fold the switch into a table.
#define CASE(n)                                                                \
  case n: {                                                                    \
    double a = (n % 3 == 0)   ? sin(s[0] + 0.001 * n)                          \
               : (n % 3 == 1) ? exp(-0.5 * s[1] * s[1]) + 0.0002 * n           \
                              : sqrt(1.0 + 0.0005 * n * s[0] * s[0]);          \
    s[0] = 0.8 * a + 0.6 * s[1];                                               \
    s[1] = 0.9 * s[1] + 0.3 * a * s[0];                                        \
    break;                                                                     \
  }
#define C10(n)                                                                 \
  CASE(n##0) CASE(n##1) CASE(n##2) CASE(n##3) CASE(n##4)                       \
  CASE(n##5) CASE(n##6) CASE(n##7) CASE(n##8) CASE(n##9)
#define C100(n)                                                                \
  C10(n##0) C10(n##1) C10(n##2) C10(n##3) C10(n##4)                            \
  C10(n##5) C10(n##6) C10(n##7) C10(n##8) C10(n##9)

static double run(double *s) {
  for (int k = 0; k < 24; ++k) {
    switch ((k * 271 + 13) % 1300) { // Cases 100 to 1299.
      C100(1) C100(2) C100(3) C100(4) C100(5) C100(6)
      C100(7) C100(8) C100(9) C100(10) C100(11) C100(12)
    default:
      s[0] = 0.9 * s[0];
    }
  }
  return s[0] * s[1];
}

static double run_fd(const double *s0, void *ctx) {
  double s[N] = {s0[0], s0[1]};
  return run(s);
}

int main(void) {
  const double s0[N] = {0.7, -0.4};
  double s[N] = {s0[0], s0[1]}, ds[N] = {0};
  __enzyme_autodiff((void *)run, s, ds);
  for (int j = 0; j < N; ++j) {
    double sf[N] = {s0[0], s0[1]}, e[N] = {0};
    e[j] = 1.0;
    double col = __enzyme_fwddiff((void *)run, sf, e);
    eddy_checkf_tol(ds[j], eddy_fd_partial(run_fd, 0, s0, N, j), EDDY_RTOL_FD, EDDY_ATOL_FD, "run.rev_vs_fd[%d]", j, 0);
    eddy_checkf_tol(col, ds[j], 1e-12, 1e-14, "run.fwd_vs_rev[%d]", j, 0);
  }
  printf("d = %.6g %.6g\n", ds[0], ds[1]);
  return eddy_summary();
}

// CHECK: OK run.rev_vs_fd[0]
// CHECK: OK run.fwd_vs_rev[0]
// CHECK: OK run.rev_vs_fd[1]
// CHECK: OK run.fwd_vs_rev[1]
// CHECK: ALL OK

// SLP: IR Dump After SLPVectorizerPass on run.eddy.fwd.a_r
// SLP: ; Function Attrs: {{.*}}noimplicitfloat
// SLP-NEXT: define internal {{.*}} @run.eddy.fwd.a_r(

// OUT-NOT: noimplicitfloat
// OUT-NOT: eddy-vectorizers-skipped

// C++ over-aligned operator new and delete inside the differentiated
// function, in both modes: new T and new T[n] for an alignas(64) T call the
// align_val_t forms (and delete their sized/aligned forms). The shadows are
// allocated alike (aligned, zeroed) and freed with their blocks.
// f(x) = sum_i x_i^2 sin(x_i) + x_0 x_1, checked against its gradient
// 2 x_i sin x_i + x_i^2 cos x_i (+ x_1 for i = 0, + x_0 for i = 1).
//
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

#define N 11

struct alignas(64) Block {
  double v[8];
};

static double f(const double *x, int n) {
  Block *one = new Block;
  Block *many = new Block[(n + 7) / 8];
  one->v[0] = x[0] * x[1];
  for (int i = 0; i < n; ++i)
    many[i / 8].v[i % 8] = x[i] * x[i];
  double s = one->v[0];
  for (int i = 0; i < n; ++i)
    s += many[i / 8].v[i % 8] * sin(x[i]);
  delete[] many;
  delete one;
  return s;
}

int main() {
  double x[N], g[N] = {0};
  for (int i = 0; i < N; ++i)
    x[i] = 0.37 * i - 1.6;
  __enzyme_autodiff((void *)f, x, g, N);
  for (int i = 0; i < N; ++i) {
    double want = 2 * x[i] * sin(x[i]) + x[i] * x[i] * cos(x[i]) +
                  (i == 0 ? x[1] : i == 1 ? x[0] : 0.0);
    double e[N] = {0};
    e[i] = 1;
    eddy_checkf_tol(g[i], want, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "new.rev[%d]", i, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, e, N), want, EDDY_RTOL_EXACT,
                    EDDY_ATOL_EXACT, "new.fwd[%d]", i, 0);
  }
  return eddy_summary();
}

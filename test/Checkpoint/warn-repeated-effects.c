// A side effect in a checkpointed body runs again when the backward sweep
// recomputes the step: Eddy warns at the call (the derivative is right).
// RUN: %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <stdio.h>
double __enzyme_autodiff(void *, ...);

double logged(double x) {
#pragma eddy checkpoint(binomial, snapshots(2))
  for (int t = 0; t < 8; ++t) {
    x = x * 0.9 + 0.1 * x * x;
    // CHECK: warn-repeated-effects.c:[[@LINE+1]]:5: warning: eddy: 'printf' runs again each time a step of this checkpointed loop is recomputed in the backward sweep
    printf("%d %g\n", t, x);
  }
  return x;
}
double g(double x) { return __enzyme_autodiff((void *)logged, x); }

// A named derivative called in the file that defines it, compiled with -g:
// at -O1 and above Clang attaches the declaration's (non-distinct)
// subprogram to it for call-site information, which a definition may not
// keep; Eddy used to hand back invalid IR ("function definition may only
// have a distinct !dbg attachment") and the compiler crashed.
// RUN: %levels %eddy-clang -g -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static double loss(const double *w, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += w[i] * w[i] * (i + 1);
  return s;
}
void loss_grad(const double *w, double *d_w, int n) EDDY_GRADIENT_OF(loss);

int main(void) {
  double w[3] = {1.0, -2.0, 0.5}, d[3] = {0, 0, 0};
  loss_grad(w, d, 3);
  for (int i = 0; i < 3; ++i)
    eddy_check(i == 0 ? "d0" : i == 1 ? "d1" : "d2", d[i], 2 * w[i] * (i + 1));
  return eddy_summary();
}

/*===- eddy_bits_main.h - main() of the same-bits tests ----------*- C -*-===*
 *
 * For tests that build one program two ways (a transformation forced on,
 * and off) and diff the outputs: defines main(), which prints the forward
 * derivative of `double f(const double *x, int n)` (defined before the
 * include) along each of the 6 axes and its gradient, in %a (bits) or, under
 * %levels (EDDY_CHECK_VALUES, where -O2 may add adjoints in another order),
 * in decimal; checks both against central differences; ends with `ok` or
 * `FAIL`. EDDY_BITS_X may give the point (6 values).
 *===----------------------------------------------------------------------===*/
#include <math.h>
#include <stdio.h>
#include <eddy/eddy.h>

#ifdef EDDY_CHECK_VALUES
#define VALUE "%.15g"
#else
#define VALUE "%a"
#endif
#ifndef EDDY_BITS_X
#define EDDY_BITS_X {0.3, -1.2, 0.8, 2.5, -0.4, 1.1}
#endif

int main(void) {
  double x[6] = EDDY_BITS_X;
  double dx[6], fwd[6], g[6] = {0}, h = 1e-6;
  int bad = 0;
  for (int j = 0; j < 6; ++j) {
    for (int k = 0; k < 6; ++k)
      dx[k] = k == j;
    fwd[j] = __enzyme_fwddiff((void *)f, enzyme_dup, x, dx, enzyme_const, 6);
    printf("fwd %d " VALUE "\n", j, fwd[j]);
  }
  __enzyme_autodiff((void *)f, enzyme_dup, x, g, enzyme_const, 6);
  for (int j = 0; j < 6; ++j) {
    /* Central differences, h = 1e-6: truncation O(h^2 f''') and rounding
       O(eps f / h) are both below 1e-8 for the tests' smooth f; 1e-6
       relative is far above. */
    double xp[6], xm[6];
    for (int k = 0; k < 6; ++k)
      xp[k] = xm[k] = x[k];
    xp[j] += h;
    xm[j] -= h;
    double fd = (f(xp, 6) - f(xm, 6)) / (2 * h);
    if (fabs(g[j] - fd) > 1e-6 * (1 + fabs(fd)))
      bad = 1, printf("FAIL reverse d/dx%d: %.12g vs %.12g\n", j, g[j], fd);
    if (fabs(fwd[j] - fd) > 1e-6 * (1 + fabs(fd)))
      bad = 1, printf("FAIL forward d/dx%d: %.12g vs %.12g\n", j, fwd[j], fd);
    printf("rev %d " VALUE "\n", j, g[j]);
  }
  printf("%s\n", bad ? "FAIL" : "ok");
  return bad;
}

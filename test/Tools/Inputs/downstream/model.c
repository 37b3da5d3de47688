#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>
static double f(double x) { return x * sin(x); }
int main(void) {
  double x = 0.5, d = __enzyme_autodiff((void *)f, x);
  double want = sin(x) + x * cos(x);
  printf("%s %.15f %.15f\n", fabs(d - want) < 1e-14 ? "OK" : "FAIL", d, want);
  return fabs(d - want) < 1e-14 ? 0 : 1;
}

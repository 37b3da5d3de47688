// Recursive functions: the derivative of a recursive function is itself
// recursive (or needs a stack of intermediates in reverse mode).
//  - power by repeated squaring, x^n with n const: d = n x^(n-1);
//  - a recursive sum over an array: sum_i w_i sin(x_i) (shadowed pointer);
//  - mutually recursive even/odd helpers.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

static double rpow(double x, int n) {
  if (n == 0)
    return 1.0;
  double h = rpow(x, n / 2);
  return n % 2 ? h * h * x : h * h;
}

static double rsum(const double *x, int n) {
  if (n == 0)
    return 0.0;
  return (0.5 + n) * sin(x[n - 1]) + rsum(x, n - 1);
}

static double odd_part(double x, int n);
static double even_part(double x, int n) { return n <= 0 ? x : cos(odd_part(x, n - 1)); }
static double odd_part(double x, int n) { return n <= 0 ? x : x * even_part(x, n - 1); }
// Hand-written tangent of the mutual recursion.
static void t_even(double x, int n, double *v, double *dv);
static void t_odd(double x, int n, double *v, double *dv) {
  if (n <= 0) { *v = x; *dv = 1; return; }
  double e, de;
  t_even(x, n - 1, &e, &de);
  *v = x * e;
  *dv = e + x * de;
}
static void t_even(double x, int n, double *v, double *dv) {
  if (n <= 0) { *v = x; *dv = 1; return; }
  double o, d_o;
  t_odd(x, n - 1, &o, &d_o);
  *v = cos(o);
  *dv = -sin(o) * d_o;
}
static double even5(double x) { return even_part(x, 5); }

int main(void) {
  for (int n = 0; n <= 14; n += 7) { // 0, 7 (odd), 14 (even)
    double x = 1.05, ref = n == 0 ? 0.0 : n * rpow(x, n - 1);
    eddy_checkf_tol(__enzyme_autodiff((void *)rpow, x, n), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rpow[n=%d].rev", n, 0);
    eddy_checkf_tol(__enzyme_fwddiff((void *)rpow, x, 1.0, n), ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rpow[n=%d].fwd", n, 0);
  }

  double x[5] = {0.1, -0.7, 1.3, 2.0, -2.2}, dx[5] = {0};
  __enzyme_autodiff((void *)rsum, x, dx, 5);
  double v[5] = {0.3, 0.1, -1.0, 0.5, 0.2}, ref_jvp = 0;
  for (int i = 0; i < 5; ++i) {
    double ref = (1.5 + i) * cos(x[i]);
    eddy_checkf_tol(dx[i], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "rsum.rev[%d]", i, 0);
    ref_jvp += ref * v[i];
  }
  eddy_check("rsum.fwd", __enzyme_fwddiff((void *)rsum, x, v, 5), ref_jvp);

  double val, ref;
  t_even(0.9, 5, &val, &ref);
  eddy_check_fd("even_odd.ref_vs_fd", ref, eddy_fd(even5, 0.9));
  eddy_check("even_odd.rev", __enzyme_autodiff((void *)even_part, 0.9, 5), ref);
  eddy_check("even_odd.fwd", __enzyme_fwddiff((void *)even_part, 0.9, 1.0, 5), ref);
  return eddy_summary();
}

// CHECK: OK rpow[n=7].rev
// CHECK: OK rpow[n=14].fwd
// CHECK: OK rsum.rev[4]
// CHECK: OK rsum.fwd
// CHECK: OK even_odd.fwd
// CHECK: ALL OK

// A request's own tape budget, `eddy_tape_budget, B` right after the
// function of a reverse request (before or after enzyme_width, N): B is an
// integer (a value known at run time is fine, and checked when the request
// runs), a constant B is at least 1, and forward mode takes none. Each
// mistake is an error at its column.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
#include "eddy/eddy.h"

double mul(double x, double y) { return x * y; }
double sum(const double *a, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}
typedef struct { double a, b; } G2;
G2 __enzyme_autodiff_g2(void *, ...);

void requests(double x, double y, long long b, double *p, double *dp, int n) {
  G2 ok = __enzyme_autodiff_g2((void *)mul, eddy_tape_budget, b, x, y);
  (void)ok;
  __enzyme_autodiff((void *)sum, eddy_tape_budget, 1 << 20, p, dp, n);
  __enzyme_autodiff((void *)sum, enzyme_width, 1, eddy_tape_budget, b, p, dp, n);
  __enzyme_autodiff((void *)sum, eddy_tape_budget, 0, p, dp, n); // expected-error {{the tape budget is 0 bytes; a budget must be at least 1 byte}}
  __enzyme_autodiff((void *)sum, eddy_tape_budget, -4096, p, dp, n); // expected-error {{the tape budget is -4096 bytes; a budget must be at least 1 byte}}
  __enzyme_autodiff((void *)sum, eddy_tape_budget, 2.5, p, dp, n); // expected-error {{eddy_tape_budget must be followed by the budget in bytes, an integer}}
  __enzyme_autodiff((void *)sum, eddy_tape_budget); // expected-error {{eddy_tape_budget must be followed by the budget in bytes, an integer}}
  __enzyme_fwddiff((void *)mul, eddy_tape_budget, b, x, 1.0, y, 0.0); // expected-error {{eddy_tape_budget is an option of reverse mode (__enzyme_autodiff); forward mode keeps no tape}}
  __enzyme_autodiff((void *)sum, p, dp, eddy_tape_budget, b, n); // expected-error {{eddy_tape_budget must come right after the function (before or after enzyme_width, N)}}
  __enzyme_autodiff((void *)sum, eddy_tape_budget, b, eddy_tape_budget, b, p, dp, n); // expected-error {{eddy_tape_budget is given twice; a request takes one budget}}
}

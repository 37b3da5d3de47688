// Local arrays inside the differentiated function: a stack buffer filled from
// the active input and read back in another loop, a local 2-D array (a small
// matrix power), and a local array indexed by a data-dependent integer.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

// buf[i] = x^i / i!, then a moving sum of neighbours: sum_i buf[i]*buf[i+1].
static double local_buffer(double x) {
  double buf[10];
  buf[0] = 1.0;
  for (int i = 1; i < 10; ++i)
    buf[i] = buf[i - 1] * x / i;
  double s = 0;
  for (int i = 0; i + 1 < 10; ++i)
    s += buf[i] * buf[i + 1];
  return s;
}
// Hand-written tangent of local_buffer.
static double d_local_buffer(double x) {
  double b[10], db[10];
  b[0] = 1.0;
  db[0] = 0.0;
  for (int i = 1; i < 10; ++i) {
    b[i] = b[i - 1] * x / i;
    db[i] = (db[i - 1] * x + b[i - 1]) / i;
  }
  double ds = 0;
  for (int i = 0; i + 1 < 10; ++i)
    ds += db[i] * b[i + 1] + b[i] * db[i + 1];
  return ds;
}

// M = [[c, -s], [s, c]] * (1 + x/10) with c = cos x, s = sin x; returns
// trace(M^5) = 2 (1 + x/10)^5 cos(5x).
static double matrix_power_trace(double x) {
  double m[2][2] = {{cos(x), -sin(x)}, {sin(x), cos(x)}};
  double r[2][2] = {{1, 0}, {0, 1}};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      m[i][j] *= 1 + x / 10;
  for (int k = 0; k < 5; ++k) {
    double t[2][2];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        t[i][j] = r[i][0] * m[0][j] + r[i][1] * m[1][j];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        r[i][j] = t[i][j];
  }
  return r[0][0] + r[1][1];
}
static double d_matrix_power_trace(double x) {
  double a = 1 + x / 10;
  return 2 * (5 * pow(a, 4) / 10 * cos(5 * x) - pow(a, 5) * 5 * sin(5 * x));
}

// A lookup table of active values, indexed by an integer computed from x.
static double indexed(double x) {
  double tab[4] = {x, x * x, sin(x), exp(x)};
  int k = (int)(x * 2) % 4; // x in [0, 2): k = floor(2x)
  return tab[k] * tab[(k + 1) % 4];
}
static double d_indexed(double x) {
  double t[4] = {x, x * x, sin(x), exp(x)}, dt[4] = {1, 2 * x, cos(x), exp(x)};
  int k = (int)(x * 2) % 4, l = (k + 1) % 4;
  return dt[k] * t[l] + t[k] * dt[l];
}

#define CHECK_AT(fn, x0, i)                                                    \
  do {                                                                         \
    double x = (x0), ref = d_##fn(x);                                          \
    eddy_checkf_tol(ref, eddy_fd(fn, x), EDDY_RTOL_FD, EDDY_ATOL_FD, #fn "[%d].ref_vs_fd", i, 0); \
    eddy_checkf_tol(__enzyme_autodiff((void *)fn, x), ref, 1e-11, EDDY_ATOL_EXACT, #fn "[%d].rev", i, 0); \
    eddy_checkf_tol(__enzyme_fwddiff((void *)fn, x, 1.0), ref, 1e-11, EDDY_ATOL_EXACT, #fn "[%d].fwd", i, 0); \
  } while (0)

int main(void) {
  CHECK_AT(local_buffer, 1.3, 0);
  CHECK_AT(local_buffer, -0.6, 1);
  CHECK_AT(matrix_power_trace, 0.45, 0);
  CHECK_AT(indexed, 0.3, 0);
  CHECK_AT(indexed, 0.8, 1);
  CHECK_AT(indexed, 1.2, 2);
  CHECK_AT(indexed, 1.7, 3);
  return eddy_summary();
}

// CHECK: OK local_buffer[1].rev
// CHECK: OK matrix_power_trace[0].fwd
// CHECK: OK indexed[3].rev
// CHECK: ALL OK

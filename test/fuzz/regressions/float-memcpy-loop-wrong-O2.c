// Regression test (was a silently wrong derivative at -O2 in both modes; found
// by eddy-fuzz --extended, seed 8:0, a float program): InstCombine turns the
// memcpy of two floats into one i64 load whose halves are picked out by
// trunc / lshr+trunc and bitcast back to float; the derivative was lost at the
// integer load. Eddy now splits such loads into one float load per element
// (retypeIntegerCopies), and refuses integer bits of differentiated memory
// turned back into floating-point values in any other shape
// (test/Refusals/refuse-int-bits-from-memory.c).
// RUN: %eddy-clang -O0 -I%S/../../Inputs %s -o %t0 && %run %t0 | FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O2 -I%S/../../Inputs %s -o %t2 && %run %t2 | FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"

static double sq(double v) { return v * v; }
static const double TBL[8] = {0.5, -1.25, 1.75, -0.3, 0.9, -1.6, 0.15, 1.1};

static float f(float *x, int n) {
  float v0 = 0.431 * x[0] + 0.031;
  float v1 = 0.512 * x[0] + (-0.13);
  float v2 = 0.885 * x[0] + 0.87;
  float v3 = 0.326 * x[0] + 0.485;
  float v4 = 0.436 * x[0] + 0.119;
  float a0[3];
  for (int j = 0; j < 3; ++j)
    a0[j] = sin(0.71 * j + x[j % n]);
  float a1[2];
  for (int j = 0; j < 2; ++j)
    a1[j] = sin(0.723 * j + x[j % n]);
  {
    int k2 = 0;
    while ((v3 + a0[(((int)floor(1.52 * v2) % 3) + 3) % 3]) > (-1.061) && k2 < 5) {
      for (int i3 = 0; i3 < 4; ++i3) {
        a0[(k2 + 1) % 3] = (0.4995 * (hypot(exp(0.582), 1.719) < v3 ? (sq(x[0 % n]) < a1[(((int)floor(1.49 * (0.4995 * (v2 + x[0 % n]))) % 2) + 2) % 2] ? (x[(k2 + 1) % n] + a1[i3 % 2]) : erf(v0)) : log10((1.289 + sq((TBL[6] + v3))))));
      }
      ++k2;
    }
  }
  memcpy(a1, a0, 2 * sizeof(float));
  float ret = (-0.589) * v0 + 0.953 * v1 + (-0.299) * v2 + 0.216 * v3 + (-0.937) * v4 + (-0.56) * a0[0] + 0.76 * a1[1];
  return ret;
}

// The same function in double, for the finite difference.
static double f_double(double *x, int n) {
  double v0 = 0.431 * x[0] + 0.031;
  double v1 = 0.512 * x[0] + (-0.13);
  double v2 = 0.885 * x[0] + 0.87;
  double v3 = 0.326 * x[0] + 0.485;
  double v4 = 0.436 * x[0] + 0.119;
  double a0[3];
  for (int j = 0; j < 3; ++j)
    a0[j] = sin(0.71 * j + x[j % n]);
  double a1[2];
  for (int j = 0; j < 2; ++j)
    a1[j] = sin(0.723 * j + x[j % n]);
  {
    int k2 = 0;
    while ((v3 + a0[(((int)floor(1.52 * v2) % 3) + 3) % 3]) > (-1.061) && k2 < 5) {
      for (int i3 = 0; i3 < 4; ++i3) {
        a0[(k2 + 1) % 3] = (0.4995 * (hypot(exp(0.582), 1.719) < v3 ? (sq(x[0 % n]) < a1[(((int)floor(1.49 * (0.4995 * (v2 + x[0 % n]))) % 2) + 2) % 2] ? (x[(k2 + 1) % n] + a1[i3 % 2]) : erf(v0)) : log10((1.289 + sq((TBL[6] + v3))))));
      }
      ++k2;
    }
  }
  memcpy(a1, a0, 2 * sizeof(double));
  double ret = (-0.589) * v0 + 0.953 * v1 + (-0.299) * v2 + 0.216 * v3 + (-0.937) * v4 + (-0.56) * a0[0] + 0.76 * a1[1];
  return ret;
}
static double f_fd(double x) { return f_double(&x, 1); }

int main(void) {
  const float x0 = 0.69796997f;
  double ref = eddy_fd(f_fd, x0);
  float x[1] = {x0}, t[1] = {1};
  float fwd = __enzyme_fwddiff_float((void *)f, x, t, 1);
  float y[1] = {x0}, dy[1] = {0};
  __enzyme_autodiff_float((void *)f, y, dy, 1);
  eddy_check_tol("fwd_vs_fd", fwd, ref, 2e-3, 1e-4);
  eddy_check_tol("rev_vs_fd", dy[0], ref, 2e-3, 1e-4);
  return eddy_summary();
}

// CHECK: OK fwd_vs_fd
// CHECK: OK rev_vs_fd
// CHECK: ALL OK

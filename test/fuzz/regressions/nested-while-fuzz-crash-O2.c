// FIXED (a switch with two cases leading to the same block made that block
// look unreachable to the adjoint sweep, getSinglePredecessor vs
// getUniquePredecessor; UB at -O2). Was: BUG (generated code segfaults or hangs at -O2; found by eddy-fuzz in the
// long run, seed 1:2281, minimized): this fuzz program (derivatives of f at
// three points: forward columns, two reverse seeds, finite differences)
// segfaults at -O2 with the build of 06:32 (exit -11; seeds 1:3278 and
// 1:1821, which also read TBL[data-dependent index] in a condition, too) and
// hangs with the build of 07:09 (killed after 10 minutes). -O0 runs. f is two
// nested while loops with data-dependent exits (the outer on a constant-table
// entry chosen by a data-dependent index, the inner with an empty body);
// differentiating f alone at one point does not fail, so the repeated
// gradients (tape reuse across calls?) seem to matter. The alarm turns a hang
// into a failure. The program prints values (checked by eddy-fuzz); here it
// must run to completion.
//
// RUN: %eddy-clang -O0 %s -o %t0 && %run %t0 | FileCheck %s
// RUN: %eddy-clang -O2 %s -o %t2 && %run %t2 | FileCheck %s
// CHECK: DONE
#include <unistd.h>
// eddy-fuzz program, seed 1:2281, kind A
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);
void __enzyme_fwddiff_void(void *, ...);
#define NIN 5
#define NOUT 6

static unsigned long long tr_h;
static void tr_rec(long long v) { tr_h = (tr_h ^ (unsigned long long)v) * 0x100000001b3ULL + 7; }
static int tr_b(int c) { tr_rec(c); return c; }
static double tr_fabs(double v) { tr_rec(v >= 0); return fabs(v); }
static double tr_fmin(double a, double b) { tr_rec(a <= b); return fmin(a, b); }
static double tr_fmax(double a, double b) { tr_rec(a >= b); return fmax(a, b); }
static double tr_floor(double v) { double r = floor(v); tr_rec((long long)r); return r; }
static double tr_ceil(double v) { double r = ceil(v); tr_rec((long long)r); return r; }
static double tr_round(double v) { double r = round(v); tr_rec((long long)r); return r; }
static double tr_trunc(double v) { double r = trunc(v); tr_rec((long long)r); return r; }
static double tr_fmod(double a, double c) { tr_rec((long long)trunc(a / c) * 2 + (a >= 0)); return fmod(a, c); }
static double tr_copysign(double a, double b) { tr_rec(signbit(b) != 0); return copysign(a, b); }
static double sq(double v) { return v * v; }
static const double TBL[8] = {0.5, -1.25, 1.75, -0.3, 0.9, -1.6, 0.15, 1.1};

static __attribute__((noinline)) double r0(double a, double b, int d) {
  if (d <= 0)
    return (0.5158 * (hypot(a, 0.605) + atanh(0.9 * tanh(a))));
  double s = r0((0.3969 * sinh(TBL[6])), b, d - 1);
  return (-fmax(s, a));
}

static double f(double *x, int n) {
  double v0 = (-0.952) * x[3] + 0.739;
  double v1 = 0.595 * x[1] + (-0.756);
  double v2 = (-0.561) * x[1] + 0.328;
  {
    int k1 = 0;
    while (TBL[(((int)floor(1.74 * (0.3969 * sinh((0.7492 * v0)))) % 8) + 8) % 8] > 1.019 && k1 < 4) {
      {
        int k2 = 0;
        while (cbrt((0.838 + sq(v0))) > (-1.856) && k2 < 4) {
          ++k2;
        }
      }
      ++k1;
    }
  }
  double ret = sin(0.465 * v0 + 0.473 * v1 + (-0.664) * v2) + v0 * v2;
  return ret;
}

static __attribute__((noinline)) double r0_t(double a, double b, int d) {
  if (d <= 0)
    return (0.5158 * (hypot(a, 0.605) + atanh(0.9 * tanh(a))));
  double s = r0_t((0.3969 * sinh(TBL[6])), b, d - 1);
  return (-tr_fmax(s, a));
}

static double f_t(double *x, int n) {
  double v0 = (-0.952) * x[3] + 0.739;
  double v1 = 0.595 * x[1] + (-0.756);
  double v2 = (-0.561) * x[1] + 0.328;
  {
    int k1 = 0;
    while (tr_b(TBL[(((int)tr_floor(1.74 * (0.3969 * sinh((0.7492 * v0)))) % 8) + 8) % 8] > 1.019) && k1 < 4) {
      {
        int k2 = 0;
        while (tr_b(cbrt((0.838 + sq(v0))) > (-1.856)) && k2 < 4) {
          ++k2;
        }
      }
      ++k1;
    }
  }
  double ret = sin(0.465 * v0 + 0.473 * v1 + (-0.664) * v2) + v0 * v2;
  return ret;
}

static const double pts[3][NIN] = {{0.943433, 0.979726, 0.333604, -0.973882, 1.589817}, {-1.148216, 0.920922, 0.776941, 0.794017, -0.345861}, {1.182317, 0.026345, -1.856556, 0.500771, 1.193231}};
static const double wseed[2][NOUT] = {{1.0, 0.0, 0.0, 0.0, 0.0, 0.0}, {1.0, -0.4552, -0.7444, -0.0748, -0.5774, 0.7305}};
static void eval(const double *xin, double *out, int traced) {
  double w[NIN];
  memcpy(w, xin, sizeof w);
  out[0] = traced ? f_t(w, NIN) : f(w, NIN);
  for (int i = 0; i < NIN; ++i) out[1 + i] = w[i];
}
int main(void) {
  alarm(20);
  double y0[NOUT], J[NOUT][NIN];
  for (int p = 0; p < 3; ++p) {
    const double *x0 = pts[p];
    eval(x0, y0, 0);
    for (int i = 0; i < NOUT; ++i) printf("Y %d %d %.17g\n", p, i, y0[i]);
    /* forward mode: one Jacobian column per input direction */
    for (int j = 0; j < NIN; ++j) {
      double xw[NIN], dxw[NIN] = {0}, col[NOUT], prim[NOUT];
      memcpy(xw, x0, sizeof xw);
      dxw[j] = 1.0;
      col[0] = __enzyme_fwddiff((void *)f, enzyme_dup, xw, dxw, enzyme_const, NIN);
      for (int i = 0; i < NIN; ++i) { col[1 + i] = dxw[i]; prim[1 + i] = xw[i]; }
      prim[0] = y0[0];
      for (int i = 0; i < NOUT; ++i) {
        J[i][j] = col[i];
        printf("FWD %d %d %d %.17g\n", p, j, i, col[i]);
        printf("FWDP %d %d %d %.17g\n", p, j, i, prim[i]);
      }
    }
    /* reverse mode: one vector-Jacobian product per seed */
    for (int r = 0; r < 2; ++r) {
      double xw[NIN], g[NIN], prim[NOUT];
      memcpy(xw, x0, sizeof xw);
      double dx[NIN];
      for (int i = 0; i < NIN; ++i) dx[i] = wseed[r][1 + i];
      __enzyme_autodiff((void *)f, enzyme_dup, xw, dx, enzyme_const, NIN);
      for (int i = 0; i < NIN; ++i) { g[i] = dx[i]; prim[1 + i] = xw[i]; }
      prim[0] = y0[0];
      for (int i = 0; i < NIN; ++i) printf("REV %d %d %d %.17g\n", p, r, i, g[i]);
      for (int i = 0; i < NOUT; ++i) printf("REVP %d %d %d %.17g\n", p, r, i, prim[i]);
    }
    /* central finite differences on the traced copy */
    for (int j = 0; j < NIN; ++j) {
      double xp[NIN], yp[4][NOUT];
      unsigned long long h0, hh[4];
      static const double mult[4] = {1, -1, 2, -2};
      tr_h = 0; eval(x0, y0, 1); h0 = tr_h;
      volatile double xph = x0[j] + 6.0554544523933395e-06 * (fabs(x0[j]) > 1 ? fabs(x0[j]) : 1);
      double h = xph - x0[j];
      for (int s = 0; s < 4; ++s) {
        memcpy(xp, x0, sizeof xp);
        xp[j] = x0[j] + mult[s] * h;
        tr_h = 0; eval(xp, yp[s], 1); hh[s] = tr_h;
      }
      int stable = hh[0] == h0 && hh[1] == h0 && hh[2] == h0 && hh[3] == h0;
      for (int i = 0; i < NOUT; ++i)
        printf("FD %d %d %d %.17g %.17g %d\n", p, j, i, (yp[0][i] - yp[1][i]) / (2 * h),
               (yp[2][i] - yp[3][i]) / (4 * h), stable);
    }
  }
  printf("DONE\n");
  return 0;
}

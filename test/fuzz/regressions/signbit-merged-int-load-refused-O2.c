// Regression test (a verdict that depended on the level; found by eddy-fuzz
// --extended --rules --edges, seed 11:308): v0 lives in memory (its address
// goes to o0), and after the call InstCombine merges the load of v0 and the
// integer load signbit(v0) needs into one `load i64` plus a bitcast back to
// double. Eddy refused that at -O2/-O3 ("floating-point values are rebuilt
// from the integer bits of differentiated memory") and accepted -O0/-O1.
// Canonicalization now loads the double and takes the bits from it
// (Canonicalize.cpp, loadFloatsAsFloats): accepted at every level, with the
// same derivatives (compared across levels by %levels).
// RUN: %levels %eddy-clang %s -o %t -- FileCheck %s
// CHECK: DONE
// eddy-fuzz program, seed 11:308, kind D
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int enzyme_dup, enzyme_dupnoneed, enzyme_const, enzyme_out, enzyme_width;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff_void(void *, ...);
void __enzyme_fwddiff_void(void *, ...);
#define NIN 4
#define NOUT 3

typedef struct { double d0, d1; } D2;
D2 __enzyme_autodiff_d2(void *, ...);
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
static double fz_frexp(double v) { int e; return frexp(v, &e); }
static double fz_modf(double v) { double ip; double f = modf(v, &ip); return f + 0.5 * ip; }
static double tr_frexp(double v) { int e; double m = frexp(v, &e); tr_rec(e); return m; }
static double tr_modf(double v) { tr_rec((long long)trunc(v) * 2 + (v >= 0)); return fz_modf(v); }
static double tr_remainder(double a, double c) { tr_rec((long long)rint(a / c)); return remainder(a, c); }
static double tr_fdim(double a, double b) { tr_rec(a > b); return fdim(a, b); }
static const double TBL[8] = {0.5, -1.25, 1.75, -0.3, 0.9, -1.6, 0.15, 1.1};

#include <eddy/eddy.h>
/* --edges: annotated helpers with bodies, inlinable at -O1..-O3 */
static double ann_stop(double v) { return 3.0 * v; }
EDDY_INACTIVE_FUNCTION(ann_stop)
static double ann_st(double v) { return floor(v + 0.5); }
static double ann_st_t(double v, double dv) { (void)v; return dv; }
static void ann_st_a(double v, double *dv, double dr) { (void)v; *dv += dr; }
EDDY_TANGENT_RULE(ann_st, ann_st_t)
EDDY_ADJOINT_RULE(ann_st, ann_st_a)
static double ann_sp(double v) { return v > 0 ? v + log1p(exp(-v)) : log1p(exp(v)); }
static double ann_sp_t(double v, double dv) { return dv / (1.0 + exp(-v)); }
static void ann_sp_a(double v, double *dv, double dr) { *dv += dr / (1.0 + exp(-v)); }
EDDY_TANGENT_RULE(ann_sp, ann_sp_t)
EDDY_ADJOINT_RULE(ann_sp, ann_sp_a)
/* the FD surrogates (traced copy only) */
static int frz_mode, frz_n; /* mode 1 records, 2 replays */
static double frz_v[1 << 16];
static double frz(double v) {
  if (frz_n >= (1 << 16)) { fprintf(stderr, "frz overflow\n"); exit(3); }
  if (frz_mode == 1) frz_v[frz_n] = v;
  return frz_mode == 2 ? frz_v[frz_n++] : (++frz_n, v);
}
static double tr_ann_stop(double v) { return frz(3.0 * v); }
static double tr_ann_st(double v) { return v + frz(floor(v + 0.5) - v); }
struct SC { double *p; long long k; double v; };

static __attribute__((noinline)) void o0(double a, double b, double *out) {
  if (*out > a)
    *out = atanh(0.9 * tanh((b + 1.801)));
  else
    *out = 0.5 * *out + remainder(log10((1.269 + sq((-1.652)))), 1.971);
}

static double f(double a, double *x, int n, double b, double c) {
  double v0 = (-0.722) * x[1] + (-0.382);
  double v1 = (-0.917) * x[1] + (-0.464);
  double v2 = 0.778 * a + (-0.799);
  double v3 = 0.672 * x[1] + 0.317;
  if ((fma(v0, v3, v0) * (v3 + v0)) > (v1 * v2)) {
  } else {
    o0((isnan((x[(((int)floor(1.72 * v3) % n) + n) % n] * v1)) ? v3 : erf(0.271)), x[(((int)floor(1.83 * log((1.757 + sq(0.453)))) % n) + n) % n], &v0);
  }
  x[(((int)floor(0.55 * (0.2497 * (x[(((int)floor(0.93 * v3) % n) + n) % n] * v1))) % n) + n) % n] = x[(((int)floor(0.98 * (signbit(v0) ? v2 : v1)) % n) + n) % n];
  double ret = sin(0.809 * v0 + 0.678 * v1 + 0.712 * v2 + (-0.889) * v3) + v0 * v3;
  return ret;
}

static __attribute__((noinline)) void o0_t(double a, double b, double *out) {
  if (tr_b(*out > a))
    *out = atanh(0.9 * tanh((b + 1.801)));
  else
    *out = 0.5 * *out + tr_remainder(log10((1.269 + sq((-1.652)))), 1.971);
}

static double f_t(double a, double *x, int n, double b, double c) {
  double v0 = (-0.722) * x[1] + (-0.382);
  double v1 = (-0.917) * x[1] + (-0.464);
  double v2 = 0.778 * a + (-0.799);
  double v3 = 0.672 * x[1] + 0.317;
  if (tr_b((fma(v0, v3, v0) * (v3 + v0)) > (v1 * v2))) {
  } else {
    o0_t((tr_b(isnan((x[(((int)tr_floor(1.72 * v3) % n) + n) % n] * v1))) ? v3 : erf(0.271)), x[(((int)tr_floor(1.83 * log((1.757 + sq(0.453)))) % n) + n) % n], &v0);
  }
  x[(((int)tr_floor(0.55 * (0.2497 * (x[(((int)tr_floor(0.93 * v3) % n) + n) % n] * v1))) % n) + n) % n] = x[(((int)tr_floor(0.98 * (tr_b(signbit(v0)) ? v2 : v1)) % n) + n) % n];
  double ret = sin(0.809 * v0 + 0.678 * v1 + 0.712 * v2 + (-0.889) * v3) + v0 * v3;
  return ret;
}

static const double pts[3][NIN] = {{1.180278, -1.452149, -1.85629, 0.070335}, {0.891861, -1.523317, -1.098139, 1.156248}, {-0.536516, 1.160348, -1.904328, 1.264669}};
static const double wseed[2][NOUT] = {{1.0, 0.0, 0.0}, {1.0, 0.1237, 0.2821}};
static void eval(const double *xin, double *out, int traced) {
  double w[2];
  memcpy(w, xin + 1, sizeof w);
  out[0] = traced ? f_t(xin[0], w, 2, xin[NIN - 1], 0.71) : f(xin[0], w, 2, xin[NIN - 1], 0.71);
  for (int i = 0; i < 2; ++i) out[1 + i] = w[i];
}
int main(void) {
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
      col[0] = __enzyme_fwddiff((void *)f, enzyme_dup, xw[0], dxw[0], xw + 1, dxw + 1, enzyme_const, 2, enzyme_dup, xw[NIN - 1], dxw[NIN - 1], enzyme_const, 0.71);
      for (int i = 0; i < 2; ++i) { col[1 + i] = dxw[1 + i]; prim[1 + i] = xw[1 + i]; }
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
      double dx[2];
      for (int i = 0; i < 2; ++i) dx[i] = wseed[r][1 + i];
      D2 gr = __enzyme_autodiff_d2((void *)f, xw[0], xw + 1, dx, enzyme_const, 2, xw[NIN - 1], enzyme_const, 0.71);
      g[0] = gr.d0; g[NIN - 1] = gr.d1;
      for (int i = 0; i < 2; ++i) { g[1 + i] = dx[i]; prim[1 + i] = xw[1 + i]; }
      prim[0] = y0[0];
      for (int i = 0; i < NIN; ++i) printf("REV %d %d %d %.17g\n", p, r, i, g[i]);
      for (int i = 0; i < NOUT; ++i) printf("REVP %d %d %d %.17g\n", p, r, i, prim[i]);
    }
    /* central finite differences on the traced copy */
    for (int j = 0; j < NIN; ++j) {
      double xp[NIN], yp[4][NOUT];
      unsigned long long h0, hh[4];
      static const double mult[4] = {1, -1, 2, -2};
      frz_mode = 1; frz_n = 0; tr_h = 0; eval(x0, y0, 1); h0 = tr_h;
      volatile double xph = x0[j] + 6.0554544523933395e-06 * (fabs(x0[j]) > 1 ? fabs(x0[j]) : 1);
      double h = xph - x0[j];
      for (int s = 0; s < 4; ++s) {
        memcpy(xp, x0, sizeof xp);
        xp[j] = x0[j] + mult[s] * h;
        frz_mode = 2; frz_n = 0; tr_h = 0; eval(xp, yp[s], 1); hh[s] = tr_h;
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

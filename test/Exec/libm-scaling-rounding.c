// remainder, fmod, fdim, logb/ilogb, nextafter/nexttoward, ldexp, scalbn,
// scalbln, frexp, modf and erfc, with their float and long double forms, in
// both modes against the analytic derivative (itself checked against central
// differences where the function is smooth around the point):
//   remainder(x, y) = x - n y, n = x/y rounded to even:  (1, -n)
//   fmod(x, y) = x - n y, n = trunc(x/y):                (1, -n)
//   fdim(x, y) = x > y ? x - y : 0:                      (1, -1) or (0, 0)
//   logb, ilogb: integer-valued, 0;  nextafter(x, y): (1, 0)
//   ldexp/scalbn/scalbln(x, n) = x 2^n:                  2^n
//   frexp(x, &e) = x 2^-e:                               2^-e
//   modf(x, &ip) = x - trunc(x):                         1, and ip's is 0
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);
typedef struct { float dx, dy; } F2;
F2 __enzyme_autodiff_f2(void *, float, float);
float __enzyme_fwddiff_f2(void *, float, float, float, float);
float __enzyme_autodiff_f1(void *, float);
float __enzyme_fwddiff_f1(void *, float, float);
long double __enzyme_autodiff_l1(void *, long double);
long double __enzyme_fwddiff_l1(void *, long double, long double);

// Two-argument functions: both partials, both modes.
static double rem(double x, double y) { return remainder(x, y); }
static double fmo(double x, double y) { return fmod(x, y); }
static double fdi(double x, double y) { return fdim(x, y); }
static double nxt(double x, double y) { return nextafter(x, y); }
#define check2(name, f, x, y, wantx, wanty)                                    \
  do {                                                                         \
    D2 g = __enzyme_autodiff_d2((void *)f, x, y);                              \
    eddy_checkf_tol(g.dx, wantx, EDDY_RTOL_EXACT, 0, name, 'x', 'r');          \
    eddy_checkf_tol(g.dy, wanty, EDDY_RTOL_EXACT, 0, name, 'y', 'r');          \
    eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, 1.0, y, 0.0), wantx,        \
                    EDDY_RTOL_EXACT, 0, name, 'x', 'f');                       \
    eddy_checkf_tol(__enzyme_fwddiff((void *)f, x, 0.0, y, 1.0), wanty,        \
                    EDDY_RTOL_EXACT, 0, name, 'y', 'f');                       \
  } while (0)
static double rem_y(double y) { return remainder(5.3, y); }
static double fdi_x(double x) { return fdim(x, 1.0); }

// Integer exponents and outputs.
static double ldx(double x, int n) { return ldexp(x, n); }
static double sbn(double x, int n) { return scalbn(x, n); }
static double sbl(double x, long n) { return scalbln(x, n); }
static double lgb(double x) { return logb(x) * x; }     // (logb x)' = 0
static double ilg(double x) { return ilogb(x) * x; }    // an int times x
static double nxtw(double x) { return nexttoward(x, 10.0L); }
static double frx(double x) {
  int e;
  double m = frexp(x, &e);
  return m * e; // e is an integer: d/dx = e 2^-e
}
static double mdf(double x) {
  double ip;
  double f = modf(x, &ip);
  return f + 3.0 * ip; // the integral part contributes nothing
}
// modf writing into differentiated memory that held an active value.
static void mdf_out(const double *x, double *out) {
  out[0] = 5.0 * x[0];
  out[1] = modf(x[0], &out[0]);
}
static double erfc_(double x) { return erfc(x); }
static double erfc_ref(double x) { return -2.0 / sqrt(M_PI) * exp(-x * x); }

static float remf(float x, float y) { return remainderf(x, y); }
static float fdif(float x, float y) { return fdimf(x, y); }
static float ldxf(float x) { return ldexpf(x, 5) + scalbnf(x, -1) + logbf(x); }
static float frxf(float x) {
  int e;
  return frexpf(x, &e);
}
static float mdff(float x) {
  float ip;
  return modff(x, &ip) + nextafterf(x, 0.0f);
}
static long double ldxl(long double x) { return ldexpl(x, 5) + scalbnl(x, -1); }
static long double frxl(long double x) {
  int e;
  return frexpl(x, &e);
}
static long double mdfl(long double x) {
  long double ip;
  return modfl(x, &ip) + remainderl(x, 2.0L) + fdiml(x, 1.0L) + erfcl(x);
}

#define check1(name, f, x, want)                                               \
  do {                                                                         \
    eddy_check(name ".rev", __enzyme_autodiff((void *)f, x), want);            \
    eddy_check(name ".fwd", __enzyme_fwddiff((void *)f, x, 1.0), want);        \
  } while (0)

int main(void) {
  // remainder: 5.3 / 2 = 2.65 -> n = 3; 7 / 2 = 3.5 -> n = 4 (to even).
  check2("remainder.d%c.%c", rem, 5.3, 2.0, 1.0, -3.0);
  check2("remainder.d%c.%c", rem, 7.0, 2.0, 1.0, -4.0);
  check2("remainder.d%c.%c", rem, -5.3, 2.0, 1.0, 3.0);
  eddy_check_fd("remainder.dy.ref_vs_fd", -3.0, eddy_fd(rem_y, 2.0));
  // fmod: the double 0.1 is above 1/10, so 1 = 9 * 0.1 + 0.0999...: n = 9,
  // although 1.0 / 0.1 rounds to 10.
  check2("fmod.d%c.%c", fmo, 1.0, 0.1, 1.0, -9.0);
  check2("fmod.d%c.%c", fmo, 5.3, 2.0, 1.0, -2.0);
  check2("fmod.d%c.%c", fmo, -5.3, 2.0, 1.0, 2.0);
  // fdim.
  check2("fdim.d%c.%c", fdi, 3.0, 1.0, 1.0, -1.0);
  check2("fdim.d%c.%c", fdi, 1.0, 3.0, 0.0, 0.0);
  check2("fdim.d%c.%c", fdi, 2.0, 2.0, 0.0, 0.0);
  eddy_check_fd("fdim.dx.ref_vs_fd", 1.0, eddy_fd(fdi_x, 3.0));
  // nextafter.
  check2("nextafter.d%c.%c", nxt, 1.0, 2.0, 1.0, 0.0);
  check1("nexttoward", nxtw, 1.0, 1.0);
  // logb / ilogb.
  check1("logb(x)*x", lgb, 5.0, 2.0);
  check1("ilogb(x)*x", ilg, 5.0, 2.0);
  // ldexp, scalbn, scalbln.
  eddy_check("ldexp(x,3).rev", __enzyme_autodiff((void *)ldx, 1.5, 3), 8.0);
  eddy_check("ldexp(x,3).fwd", __enzyme_fwddiff((void *)ldx, 1.5, 1.0, 3), 8.0);
  eddy_check("ldexp(x,-2).rev", __enzyme_autodiff((void *)ldx, 1.5, -2), 0.25);
  eddy_check("scalbn(x,4).rev", __enzyme_autodiff((void *)sbn, -1.5, 4), 16.0);
  eddy_check("scalbn(x,4).fwd", __enzyme_fwddiff((void *)sbn, -1.5, 1.0, 4), 16.0);
  eddy_check("scalbln(x,10).rev", __enzyme_autodiff((void *)sbl, 0.3, 10L), 1024.0);
  eddy_check("scalbln(x,-1).fwd", __enzyme_fwddiff((void *)sbl, 0.3, 1.0, -1L), 0.5);
  // frexp: 12 = 0.75 * 2^4, -0.3 = -0.6 * 2^-1.
  check1("frexp*e", frx, 12.0, 4.0 / 16.0);
  check1("frexp*e", frx, -0.3, -1.0 * 2.0);
  eddy_check_fd("frexp*e.ref_vs_fd", 0.25, eddy_fd(frx, 12.0));
  // modf.
  check1("modf", mdf, 2.75, 1.0);
  check1("modf", mdf, -2.75, 1.0);
  eddy_check_fd("modf.ref_vs_fd", 1.0, eddy_fd(mdf, 2.75));
  {
    double x = 2.75, dx = 0.0, out[2], dout[2] = {1.0, 1.0};
    __enzyme_autodiff_void((void *)mdf_out, enzyme_dup, &x, &dx, enzyme_dup, out, dout);
    eddy_check("modf_out.rev.dx", dx, 1.0);
    eddy_check("modf_out.rev.dout0", dout[0], 0.0);
    eddy_check("modf_out.rev.dout1", dout[1], 0.0);
    double tx = 1.0, tout[2] = {7.0, 7.0};
    __enzyme_fwddiff_void((void *)mdf_out, enzyme_dup, &x, &tx, enzyme_dup, out, tout);
    eddy_check("modf_out.fwd.ip", tout[0], 0.0);
    eddy_check("modf_out.fwd.frac", tout[1], 1.0);
    eddy_check("modf_out.primal", out[0] + out[1], 2.75);
  }
  // erfc.
  check1("erfc", erfc_, 0.3, erfc_ref(0.3));
  eddy_check_fd("erfc.ref_vs_fd", erfc_ref(0.3), eddy_fd(erfc_, 0.3));

  // float forms.
  {
    F2 g = __enzyme_autodiff_f2((void *)remf, 5.3f, 2.0f);
    eddy_check("remainderf.rev.dx", g.dx, 1.0);
    eddy_check("remainderf.rev.dy", g.dy, -3.0);
    eddy_check("remainderf.fwd.dy", __enzyme_fwddiff_f2((void *)remf, 5.3f, 0.0f, 2.0f, 1.0f),
               -3.0);
    g = __enzyme_autodiff_f2((void *)fdif, 3.0f, 1.0f);
    eddy_check("fdimf.rev.dx", g.dx, 1.0);
    eddy_check("fdimf.rev.dy", g.dy, -1.0);
    eddy_check("ldexpf+scalbnf+logbf.rev", __enzyme_autodiff_f1((void *)ldxf, 1.5f), 32.5);
    eddy_check("ldexpf+scalbnf+logbf.fwd", __enzyme_fwddiff_f1((void *)ldxf, 1.5f, 1.0f), 32.5);
    eddy_check("frexpf.rev", __enzyme_autodiff_f1((void *)frxf, 12.0f), 1.0 / 16.0);
    eddy_check("frexpf.fwd", __enzyme_fwddiff_f1((void *)frxf, 12.0f, 1.0f), 1.0 / 16.0);
    eddy_check("modff+nextafterf.rev", __enzyme_autodiff_f1((void *)mdff, 2.75f), 2.0);
    eddy_check("modff+nextafterf.fwd", __enzyme_fwddiff_f1((void *)mdff, 2.75f, 1.0f), 2.0);
  }
  // long double forms.
  {
    eddy_check("ldexpl+scalbnl.rev", (double)__enzyme_autodiff_l1((void *)ldxl, 1.5L), 32.5);
    eddy_check("ldexpl+scalbnl.fwd", (double)__enzyme_fwddiff_l1((void *)ldxl, 1.5L, 1.0L),
               32.5);
    eddy_check("frexpl.rev", (double)__enzyme_autodiff_l1((void *)frxl, 12.0L), 1.0 / 16.0);
    eddy_check("frexpl.fwd", (double)__enzyme_fwddiff_l1((void *)frxl, 12.0L, 1.0L),
               1.0 / 16.0);
    // modfl + remainderl + fdiml + erfcl at 2.75: 1 + 1 + 1 + erfc'(2.75).
    double want = 3.0 + erfc_ref(2.75);
    eddy_check("modfl+remainderl+fdiml+erfcl.rev",
               (double)__enzyme_autodiff_l1((void *)mdfl, 2.75L), want);
    eddy_check("modfl+remainderl+fdiml+erfcl.fwd",
               (double)__enzyme_fwddiff_l1((void *)mdfl, 2.75L, 1.0L), want);
  }
  return eddy_summary();
}

// CHECK: ALL OK

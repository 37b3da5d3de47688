// Active data written to global variables: the global gets a shadow, zeroed
// when each request starts, so the derivative sees the global's value on
// entry as a constant and follows every write inside the request. An
// intermediate stored and read back, an accumulator reset inside and one
// kept across calls, a global written in a callee and read in the caller or
// in another callee, a struct member, a global written through its address
// passed to a callee; forward, reverse and vector modes. References:
// analytic derivatives and central finite differences.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double a, b; } D2;
D2 __enzyme_fwddiff_d2(void *, ...);
D2 __enzyme_autodiff_d2(void *, ...);

// 1. An intermediate kept in a global: f(x) = (x sin x)^2 + x.
static double tmp;
static double f(double x) {
  tmp = sin(x) * x;
  return tmp * tmp + x;
}
static double f_x(double x) { return 2 * x * sin(x) * (sin(x) + x * cos(x)) + 1; }

// 2. A global accumulator reset inside: norm(x) = sqrt(sum x_i^2).
double acc;
static double norm(const double *x, int n) {
  acc = 0;
  for (int i = 0; i < n; ++i)
    acc += x[i] * x[i];
  return sqrt(acc);
}

// 3. An accumulator kept across calls: its value on entry is a constant.
double total = 1.0;
static double running(double x) {
  total += x * x;
  return total * x;
}

// 4. Written in a callee, read in the caller and in another callee.
static double g[2];
__attribute__((noinline)) static void fill(const double *x) {
  for (int i = 0; i < 2; ++i)
    g[i] = x[i] * x[i] * x[i];
}
__attribute__((noinline)) static double sum_g(void) { return g[0] + g[1]; }
static double through_callees(const double *x) {
  fill(x);
  return sum_g() * x[0] + g[1];
}

// 5. A struct member, and a global written through its address.
struct {
  double scale, value;
} blk = {2.0, 0.0};
__attribute__((noinline)) static void put(double *p, double v) { *p = v; }
static double members(double x) {
  blk.value = blk.scale * exp(x);
  put(&tmp, blk.value * x);
  return blk.value + tmp;
}
static double members_x(double x) { return 2 * exp(x) + 2 * exp(x) * (1 + x); }

// 6. Two inputs for the vector modes: v(x, y) = tmp * y with tmp = x y^2.
static double v(double x, double y) {
  tmp = x * y * y;
  return tmp * y + sin(tmp);
}

static double fd_running(double x) {
  double saved = total, r = running(x);
  total = saved;
  return r;
}
static double through_ref(double x0) {
  double x[2] = {x0, 0.7};
  return through_callees(x);
}

int main(void) {
  double x = 0.9;
  eddy_check_fd("f.ref_vs_fd", f_x(x), eddy_fd(f, x));
  eddy_check("f.fwd", __enzyme_fwddiff((void *)f, x, 1.0), f_x(x));
  eddy_check("f.rev", __enzyme_autodiff((void *)f, x), f_x(x));
  // Again: nothing left in the shadow from the request before.
  eddy_check("f.rev.again", __enzyme_autodiff((void *)f, x), f_x(x));
  eddy_check("f.fwd.again", __enzyme_fwddiff((void *)f, x, 1.0), f_x(x));

  double xs[3] = {0.5, -1.5, 2.0}, dxs[3] = {0, 0, 0};
  double n = sqrt(0.25 + 2.25 + 4.0);
  __enzyme_autodiff((void *)norm, xs, dxs, enzyme_const, 3);
  for (int i = 0; i < 3; ++i)
    eddy_check("norm.rev", dxs[i], xs[i] / n);
  double t[3] = {0, 1, 0};
  eddy_check("norm.fwd", __enzyme_fwddiff((void *)norm, xs, t, enzyme_const, 3), xs[1] / n);

  for (int k = 0; k < 3; ++k) { // total grows by x^2 with each call
    double t0 = total, want = t0 + 3 * x * x;
    eddy_check_fd("running.ref_vs_fd", want, eddy_fd(fd_running, x));
    eddy_check("running.rev", __enzyme_autodiff((void *)running, x), want);
    eddy_check("running.total_after_rev", total, t0 + x * x);
    t0 = total;
    eddy_check("running.fwd", __enzyme_fwddiff((void *)running, x, 1.0), t0 + 3 * x * x);
  }

  double y[2] = {1.2, 0.7}, dy[2] = {0, 0};
  // d/dx0 [(x0^3 + x1^3) x0 + x1^3] = 4 x0^3 + x1^3; d/dx1 = 3 x1^2 (x0 + 1)
  double w0 = 4 * y[0] * y[0] * y[0] + y[1] * y[1] * y[1], w1 = 3 * y[1] * y[1] * (y[0] + 1);
  eddy_check_fd("callees.ref_vs_fd", w0, eddy_fd(through_ref, y[0]));
  __enzyme_autodiff((void *)through_callees, y, dy);
  eddy_check("callees.rev.0", dy[0], w0);
  eddy_check("callees.rev.1", dy[1], w1);
  double e1[2] = {0, 1};
  eddy_check("callees.fwd.1", __enzyme_fwddiff((void *)through_callees, y, e1), w1);

  eddy_check_fd("members.ref_vs_fd", members_x(x), eddy_fd(members, x));
  eddy_check("members.fwd", __enzyme_fwddiff((void *)members, x, 1.0), members_x(x));
  eddy_check("members.rev", __enzyme_autodiff((void *)members, x), members_x(x));

  // v = x y^3 + sin(x y^2)
  double a = 0.4, b = 1.3, c = cos(a * b * b);
  double vx = b * b * b + b * b * c, vy = 3 * a * b * b + 2 * a * b * c;
  D2 fw = __enzyme_fwddiff_d2((void *)v, enzyme_width, 2, a, 1.0, 0.0, b, 0.0, 1.0);
  eddy_check("v.fwd.w2.x", fw.a, vx);
  eddy_check("v.fwd.w2.y", fw.b, vy);
  D2 rv = __enzyme_autodiff_d2((void *)v, a, b);
  eddy_check("v.rev.x", rv.a, vx);
  eddy_check("v.rev.y", rv.b, vy);
  return eddy_summary();
}
// CHECK: ALL OK

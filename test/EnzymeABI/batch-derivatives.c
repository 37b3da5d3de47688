// Batch mode meets derivatives, both ways round: a batch of a function that
// asks for a derivative (each lane gets its own derivative), and forward and
// reverse derivatives of a function whose value comes from a batch (the
// derivative flows through every lane, vector and scalar arguments alike).
// References: the analytic derivatives, and central finite differences.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double a, b; } D2;
typedef struct { double r[3]; } D3;
D2 __enzyme_batch_d2(void *, ...);
D3 __enzyme_batch_d3(void *, ...);

// f(g, x) = g x^3 + cos(g x)
static double f(double g, double x) { return g * x * x * x + cos(g * x); }
static double f_x(double g, double x) { return 3 * g * x * x - g * sin(g * x); }
static double f_g(double g, double x) { return x * x * x - x * sin(g * x); }

static double dfdx_fwd(double g, double x) {
  return __enzyme_fwddiff((void *)f, enzyme_const, g, x, 1.0);
}
static double dfdg_rev(double g, double x) {
  return __enzyme_autodiff((void *)f, g, enzyme_const, x);
}

// h(x) = f(1, x) + f(2, x) + f(3, x), the lanes vector in g, scalar in x.
static double h(double x) {
  D3 r = __enzyme_batch_d3((void *)f, enzyme_width, 3, 1.0, 2.0, 3.0, enzyme_scalar, x);
  return r.r[0] + r.r[1] + r.r[2];
}
// k(s) = f(s, 0.5) * f(2 s, 0.5): s reaches the lanes as vector values.
static double k(double s) {
  D2 r = __enzyme_batch_d2((void *)f, enzyme_width, 2, s, 2 * s, enzyme_scalar, 0.5);
  return r.a * r.b;
}
// A void function whose lanes write through pointers.
static void square_into(const double *x, double *y) { *y = *x * *x * sin(*x); }
static double m(double x) {
  double in0 = x, in1 = 2 * x, out0 = 0, out1 = 0;
  __enzyme_batch_void((void *)square_into, enzyme_width, 2, &in0, &in1, &out0, &out1);
  return out0 + out1;
}
static double m_ref(double x) {
  double y0, y1, x1 = 2 * x;
  square_into(&x, &y0);
  square_into(&x1, &y1);
  return y0 + y1;
}

int main(void) {
  double x0 = 0.8, x1 = -1.3, g = 1.7;
  // Each lane's derivative, forward inside the batch.
  D2 d = __enzyme_batch_d2((void *)dfdx_fwd, enzyme_width, 2, enzyme_scalar, g,
                           enzyme_vector, x0, x1);
  eddy_check("batch_of_fwd.0", d.a, f_x(g, x0));
  eddy_check("batch_of_fwd.1", d.b, f_x(g, x1));
  d = __enzyme_batch_d2((void *)dfdx_fwd, enzyme_width, 2, 0.5, 2.5, x0, x1);
  eddy_check("batch_of_fwd.vector_g.0", d.a, f_x(0.5, x0));
  eddy_check("batch_of_fwd.vector_g.1", d.b, f_x(2.5, x1));
  // Reverse inside the batch.
  d = __enzyme_batch_d2((void *)dfdg_rev, enzyme_width, 2, enzyme_vector, 0.5, 2.5,
                        enzyme_scalar, x0);
  eddy_check("batch_of_rev.0", d.a, f_g(0.5, x0));
  eddy_check("batch_of_rev.1", d.b, f_g(2.5, x0));

  // Derivatives through a batch.
  double hx = f_x(1, x0) + f_x(2, x0) + f_x(3, x0);
  eddy_check_fd("h.ref_vs_fd", hx, eddy_fd(h, x0));
  eddy_check("h.fwd", __enzyme_fwddiff((void *)h, x0, 1.0), hx);
  eddy_check("h.rev", __enzyme_autodiff((void *)h, x0), hx);
  double s = 0.9;
  double ks = (f_g(s, 0.5) * f(2 * s, 0.5) + f(s, 0.5) * 2 * f_g(2 * s, 0.5));
  eddy_check_fd("k.ref_vs_fd", ks, eddy_fd(k, s));
  eddy_check("k.fwd", __enzyme_fwddiff((void *)k, s, 1.0), ks);
  eddy_check("k.rev", __enzyme_autodiff((void *)k, s), ks);
  eddy_check("m.value", m(x1), m_ref(x1));
  eddy_check_fd("m.fwd_vs_fd", __enzyme_fwddiff((void *)m, x1, 1.0), eddy_fd(m_ref, x1));
  eddy_check_fd("m.rev_vs_fd", __enzyme_autodiff((void *)m, x1), eddy_fd(m_ref, x1));
  return eddy_summary();
}
// CHECK: ALL OK

// A struct passed by pointer with a shadow struct: double fields are active,
// the int field (a count) and the const data pointer inside are not. The
// adjoints land in the matching fields of the shadow.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct {
  double amplitude;
  int n;
  double rate;
  double phase[3];
} Params;

// sum_k amplitude exp(-rate k) sin(k + phase[k % 3]) for k < n
static double signal(const Params *p) {
  double s = 0;
  for (int k = 0; k < p->n; ++k)
    s += p->amplitude * exp(-p->rate * k) * sin(k + p->phase[k % 3]);
  return s;
}

int main(void) {
  Params p = {1.5, 7, 0.3, {0.1, -0.4, 0.8}}, dp;
  memset(&dp, 0, sizeof dp);
  __enzyme_autodiff((void *)signal, &p, &dp);

  double ra = 0, rr = 0, rph[3] = {0, 0, 0};
  for (int k = 0; k < p.n; ++k) {
    double e = exp(-p.rate * k), s = sin(k + p.phase[k % 3]), c = cos(k + p.phase[k % 3]);
    ra += e * s;
    rr += -k * p.amplitude * e * s;
    rph[k % 3] += p.amplitude * e * c;
  }
  eddy_check("signal.rev.amplitude", dp.amplitude, ra);
  eddy_check("signal.rev.rate", dp.rate, rr);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(dp.phase[i], rph[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "signal.rev.phase[%d]", i, 0);
  eddy_check_eq("signal.rev.int_field_untouched", dp.n, 0);

  Params t;
  memset(&t, 0, sizeof t);
  t.rate = 1.0;
  eddy_check("signal.fwd.rate", __enzyme_fwddiff((void *)signal, &p, &t), rr);

  // FD on the rate as the reference for the hand-written partials.
  double h = eddy_fd_step(p.rate);
  Params q = p;
  q.rate = p.rate + h;
  double up = signal(&q);
  q.rate = p.rate - h;
  eddy_check_fd("signal.rate.ref_vs_fd", rr, (up - signal(&q)) / (2 * h));
  return eddy_summary();
}

// CHECK: OK signal.rev.amplitude
// CHECK: OK signal.rev.phase[2]
// CHECK: OK signal.fwd.rate
// CHECK: ALL OK

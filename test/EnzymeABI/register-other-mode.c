// A function with only Enzyme's forward rule (__enzyme_register_derivative)
// is differentiated from its body in reverse mode, and one with only Enzyme's
// reverse rule (__enzyme_register_gradient) from its body in forward mode, as
// Enzyme does; in the mode its rule serves, the rule is used (deliberately
// 3x for d(x^2) here, so the two are told apart), at every level.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

static int n_rule;

static inline double fsq(double x) { return x * x; }
static double fsq_fwd(double x, double dx) { ++n_rule; return 3.0 * x * dx; }
void *__enzyme_register_derivative_fsq[] = {(void *)fsq, (void *)fsq_fwd};

double rsq(double x) { return x * x; }
static double rsq_aug(double x) { ++n_rule; return x * x; }
static double rsq_rev(double x, double d) { return 3.0 * x * d; }
void *__enzyme_register_gradient_rsq[] = {(void *)rsq, (void *)rsq_aug, (void *)rsq_rev};

static double f(double x) { return fsq(x) * x; }
static double r(double x) { return rsq(x) * x; }

int main(void) {
  double x = 0.8;
  n_rule = 0;
  eddy_check("fsq.fwd.rule", __enzyme_fwddiff((void *)f, x, 1.0), 3 * x * x + x * x);
  eddy_check("fsq.rev.body", __enzyme_autodiff((void *)f, x), 3 * x * x);
  eddy_check_eq("fsq.rule.calls", n_rule, 1);
  n_rule = 0;
  eddy_check("rsq.rev.rule", __enzyme_autodiff((void *)r, x), 3 * x * x + x * x);
  eddy_check("rsq.fwd.body", __enzyme_fwddiff((void *)r, x, 1.0), 3 * x * x);
  eddy_check_eq("rsq.rule.calls", n_rule, 1);
  return eddy_summary();
}

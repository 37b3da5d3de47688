// A periodic heat stepper with a cubic reaction term (32 cells, 300 steps,
// scratch buffer copied back each step), differentiated with its time loop
// checkpointed three ways and with the whole tape stored. For each schedule:
//  - the gradient w.r.t. the initial field equals the stored-tape gradient
//    (to rounding: the same operations, step by step, but adjoint sums may
//    be reassociated differently);
//  - the gradient w.r.t. the coefficient k (a sum over all steps) equals it
//    to rounding: each step's contribution is summed before it is added;
//  - the field left in u after the gradient is the primal's, bit for bit;
//  - entries of both gradients match central finite differences;
//  - the driver's counts: every step recorded once, and for binomial the
//    plain steps (forward + backward sweep) equal the minimum of Griewank
//    and Walther's recurrence, computed here by dynamic programming.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"
#include "eddy_revolve.h"

#define CELLS 32
#define STEPS 300

static void step(double *u, double *tmp, double k) {
  for (int j = 0; j < CELLS; ++j) {
    double l = u[(j + CELLS - 1) % CELLS], r = u[(j + 1) % CELLS];
    tmp[j] = u[j] + k * (l - 2 * u[j] + r) - 0.05 * u[j] * u[j] * u[j];
  }
  memcpy(u, tmp, sizeof(double) * CELLS);
}

static double loss(const double *u) {
  double e = 0;
  for (int j = 0; j < CELLS; ++j)
    e += (j + 1) * u[j] * u[j];
  return e;
}

static double taped(double *u, double k) {
  double tmp[CELLS];
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

static double binomial(double *u, double k) {
  double tmp[CELLS];
#pragma eddy checkpoint(binomial, snapshots(5))
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

static double periodic(double *u, double k) {
  double tmp[CELLS];
#pragma eddy checkpoint(periodic, every(16))
  for (int t = 0; t < STEPS; ++t)
    step(u, tmp, k);
  return loss(u);
}

static double online(double *u, double k) {
  double tmp[CELLS];
  int t = 0;
#pragma eddy checkpoint(online, snapshots(4))
  while (t < STEPS) {
    step(u, tmp, k);
    ++t;
  }
  return loss(u);
}

static void init(double *u) {
  for (int j = 0; j < CELLS; ++j)
    u[j] = 0.5 + 0.4 * sin(0.7 * j);
}


typedef double (*Stepper)(double *, double);
static double K = 0.2;
static Stepper FdStepper;
static double of_u(const double *u0, void *ctx) {
  double u[CELLS];
  memcpy(u, u0, sizeof u);
  return FdStepper(u, K);
}
static double of_k(double k) {
  double u[CELLS];
  init(u);
  return FdStepper(u, k);
}

static void check(const char *name, Stepper f, const double *u, const double *du,
                  double dk, const double *du_ref, double dk_ref,
                  const double *u_end) {
  char buf[64];
  // Bit for bit where LLVM adds the adjoints in the same order (adjoint sums
  // are reassociable, docs/checkpointing.md); to rounding always.
  for (int j = 0; j < CELLS; ++j) {
    snprintf(buf, sizeof buf, "%s.du[%d]", name, j);
    eddy_check(buf, du[j], du_ref[j]);
  }
  snprintf(buf, sizeof buf, "%s.u_after_bitwise", name);
  eddy_check_eq(buf, memcmp(u, u_end, sizeof(double) * CELLS) == 0, 1);
  snprintf(buf, sizeof buf, "%s.dk", name);
  eddy_check(buf, dk, dk_ref);
  FdStepper = f;
  double u0[CELLS];
  init(u0);
  for (int j = 0; j < CELLS; j += 7) {
    snprintf(buf, sizeof buf, "%s.du_fd[%d]", name, j);
    eddy_check_fd(buf, du[j], eddy_fd_partial(of_u, 0, u0, CELLS, j));
  }
  snprintf(buf, sizeof buf, "%s.dk_fd", name);
  eddy_check_fd(buf, dk, eddy_fd(of_k, K));
}

// One request per schedule, each in its own call (a request names its
// function directly).
#define GRADIENT(fn)                                                           \
  do {                                                                         \
    double v[CELLS], dv[CELLS] = {0};                                          \
    init(v);                                                                   \
    double dkv = __enzyme_autodiff((void *)fn, v, dv, K);                      \
    check(#fn, fn, v, dv, dkv, du, dk, u_end);                                 \
  } while (0)

int main(void) {
  double u[CELLS], du[CELLS] = {0}, u_end[CELLS];
  init(u);
  double dk = __enzyme_autodiff((void *)taped, u, du, K);
  memcpy(u_end, u, sizeof u);

  GRADIENT(binomial);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("binomial.steps", st.steps, STEPS);
  eddy_check_eq("binomial.records", st.records, STEPS);
  eddy_check_eq("binomial.advances", st.forward_advances + st.reverse_advances,
                eddy_revolve_minimum(STEPS, 5));

  GRADIENT(periodic);
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("periodic.steps", st.steps, STEPS);
  eddy_check_eq("periodic.records", st.records, STEPS);

  GRADIENT(online);
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("online.steps", st.steps, STEPS);
  eddy_check_eq("online.records", st.records, STEPS);
  return eddy_summary();
}
// CHECK: ALL OK

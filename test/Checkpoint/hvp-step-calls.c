// Forward over reverse through a checkpointed loop whose step still calls a
// function after outlining (a recursion whose depth is known at run time
// only): the step's forward derivative, which the checkpointed pair then
// differentiates in reverse, must have its callee's body by then. (With
// callees' derivatives generated after their callers', DerivativeCache::
// generate, everything a checkpointing function's generation asks for is still
// made at once; when only its direct requests were, this was refused as a
// call to 'nest' without a visible body.) The Hessian-vector product is
// compared with the same without the pragma and with central differences of
// the gradient (tolerances and step as in hvp-callee.c).
//
// At -O0 `nest` keeps its variables in memory; the checkpointed loop accepts
// the call because nest touches nothing but its own locals (what -O1 calls
// memory(none); CheckpointOutlining.cpp, touchesOnlyOwnLocals): it was refused
// at -O0 only, as a call that writes memory Eddy cannot bound.
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include <string.h>
#include "eddy_check.h"
#include "eddy_hvp_check.h"

#define N 6
#define STEPS 20

// Two recursive calls: neither a tail call nor an accumulator, and no libm
// call (errno would be memory the checkpointed loop cannot bound).
static double nest(double x, int n) {
  return n <= 0 ? x : 0.5 * nest(x, n - 1) * nest(x, n - 1) + 0.5 * x;
}

static void evolve_ckpt(double *u, double k, int depth) {
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < STEPS; ++t)
    for (int i = 0; i < N; ++i)
      u[i] += k * nest(u[i], depth + i % 2) * u[(i + 1) % N];
}

static void evolve_taped(double *u, double k, int depth) {
  for (int t = 0; t < STEPS; ++t)
    for (int i = 0; i < N; ++i)
      u[i] += k * nest(u[i], depth + i % 2) * u[(i + 1) % N];
}

static double loss(const double *u) {
  double e = 0;
  for (int i = 0; i < N; ++i)
    e += u[i] * u[i];
  return e;
}

// Set at run time: the recursion's depth is not a constant the inliner
// could unfold.
static int Depth;

static double f_ckpt(double *u, double k, int depth) {
  evolve_ckpt(u, k, depth);
  return loss(u);
}
static double f_taped(double *u, double k, int depth) {
  evolve_taped(u, k, depth);
  return loss(u);
}

static void grad_ckpt(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)f_ckpt, u, du, k, Depth);
}
static void grad_taped(double *u, double *du, double k, double *dk) {
  *dk += __enzyme_autodiff((void *)f_taped, u, du, k, Depth);
}

static double U0[N], V[N];
static const double K = 0.03, VK = 0.5;

EDDY_DEFINE_HVP(hvp_ckpt, grad_ckpt)
EDDY_DEFINE_HVP(hvp_taped, grad_taped)

int main(int argc, char **argv) {
  Depth = argc + 1; // 2
  for (int i = 0; i < N; ++i) {
    U0[i] = 0.1 + 0.05 * i;
    V[i] = cos(1.1 * i);
  }
  double hu[N], hk, ru[N], rk;
  hvp_ckpt(hu, &hk);
  hvp_taped(ru, &rk);
  eddy_check_hvp("step_calls", N, U0, V, K, VK, hu, hk, ru, rk, grad_taped);
  return eddy_summary();
}

// eddy::hvp (forward mode over reverse, through the C++ API's closures)
// through checkpointed loops, nested: an outer time loop of 40 steps under
// binomial(3), each step 4 sweeps of a nonlinear update under binomial(2):
//   u_i <- u_i + k sin(u_i) u_{i+1 mod N},  loss sum_i u_i^2,
// with the state a local std::array copied from the argument (its adjoint
// lives in the gradient's own shadow of the local). Forward over reverse
// checkpoints the outer loop's tangents with its state; the inner loop runs
// inside one outer step, where its tangent is taped.
// H v is compared with:
//  (a) eddy::hvp of the same function without the pragmas (the stored tape):
//      1e-11 relative (plus 1e-13 of the largest entry): the same operations,
//      with reassociable adjoint sums (docs/checkpointing.md, "Bit for
//      bit?"); measured: 1.8e-15 relative at most;
//  (b) central differences of eddy::gradient (stored tape) along v, step
//      h = cbrt(eps) ~ 6e-6 (|v| <= 1): truncation and rounding errors
//      ~eps^(2/3) relative to the scale of the gradient and its derivatives,
//      so 1e-6 relative (plus 1e-9 of the largest entry); measured: 3.9e-10.
// The driver reports 40 steps (the outer loop's, the outermost).
//
// -fsanitize=address,undefined puts checks that stop the program in the loop's
// body; Eddy refuses to checkpoint such loops for now (docs/checkpointing.md).
// UNSUPPORTED: eddy-sanitize
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include <array>
#include <cmath>
#include <cstdio>
#include "eddy_check.h"

constexpr int N = 6;
constexpr int Steps = 40;
using Vec = std::array<double, N>;

static double loss(const Vec &u) {
  double e = 0;
  for (int i = 0; i < N; ++i)
    e += u[i] * u[i];
  return e;
}

static double nested_ckpt(const Vec &u0, double k) {
  Vec u = u0;
#pragma eddy checkpoint(binomial, snapshots(3))
  for (int t = 0; t < Steps; ++t) {
#pragma eddy checkpoint(binomial, snapshots(2))
    for (int s = 0; s < 4; ++s)
      for (int i = 0; i < N; ++i)
        u[i] += k * std::sin(u[i]) * u[(i + 1) % N];
  }
  return loss(u);
}

static double taped(const Vec &u0, double k) {
  Vec u = u0;
  for (int t = 0; t < Steps; ++t)
    for (int s = 0; s < 4; ++s)
      for (int i = 0; i < N; ++i)
        u[i] += k * std::sin(u[i]) * u[(i + 1) % N];
  return loss(u);
}

int main() {
  const double k = 0.01; // Larger k drives u to sin(u) = 0, where H v vanishes.
  Vec u, v;
  for (int i = 0; i < N; ++i) {
    u[i] = 0.2 + 0.1 * i;
    v[i] = std::cos(i);
  }
  Vec hv = eddy::hvp(nested_ckpt, u, v, k);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  eddy_check_eq("steps", st.steps, Steps);
  Vec ref = eddy::hvp(taped, u, v, k);

  double h = eddy_fd_step(1.0);
  Vec up, um;
  for (int i = 0; i < N; ++i) {
    up[i] = u[i] + h * v[i];
    um[i] = u[i] - h * v[i];
  }
  Vec gp = eddy::gradient(eddy::wrt<0>, taped, up, k);
  Vec gm = eddy::gradient(eddy::wrt<0>, taped, um, k);
  double scale = 0;
  for (int i = 0; i < N; ++i)
    scale = std::fmax(scale, std::fabs(ref[i]));
  eddy_check_eq("hv_not_tiny", scale > 1e-2, 1);
  for (int i = 0; i < N; ++i) {
    double fd = (gp[i] - gm[i]) / (2 * h);
    eddy_checkf_tol(hv[i], ref[i], 1e-11, 1e-13 * scale, "hv[%d]", i, 0);
    eddy_checkf_tol(hv[i], fd, 1e-6, 1e-9 * scale, "hv_fd[%d]", i, 0);
    eddy_checkf_tol(ref[i], fd, 1e-6, 1e-9 * scale, "taped.hv_fd[%d]", i, 0);
  }
  return eddy_summary();
}

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
// The same comparisons for a function marked [[eddy::checkpoint]] (a one-step
// loop under the driver), called twice: H v of sum_i u_i^3 after two calls
// of relax, 20 nonlinear sweeps each.
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

[[eddy::checkpoint]] static void relax(double *u, double k) {
  for (int s = 0; s < 20; ++s)
    for (int i = 0; i < N; ++i)
      u[i] += k * std::sin(u[i]) * u[(i + 1) % N];
}
static void relax_taped(double *u, double k) {
  for (int s = 0; s < 20; ++s)
    for (int i = 0; i < N; ++i)
      u[i] += k * std::sin(u[i]) * u[(i + 1) % N];
}
static double cubes(const Vec &u) {
  double e = 0;
  for (int i = 0; i < N; ++i)
    e += u[i] * u[i] * u[i];
  return e;
}
static double relaxed_ckpt(const Vec &u0, double k) {
  Vec u = u0;
  relax(u.data(), k);
  relax(u.data(), k);
  return cubes(u);
}
static double relaxed_taped(const Vec &u0, double k) {
  Vec u = u0;
  relax_taped(u.data(), k);
  relax_taped(u.data(), k);
  return cubes(u);
}

/// H v of f against g's (stored tape) and central differences of g's
/// gradient along v.
template <class F, class G>
static void check_hvp(const char *name, F f, G g, const Vec &u, const Vec &v,
                      double k, long steps) {
  Vec hv = eddy::hvp(f, u, v, k);
  eddy_checkpoint_stats st;
  eddy_checkpoint_last_stats(&st);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s.steps", name);
  eddy_check_eq(buf, st.steps, steps);
  Vec ref = eddy::hvp(g, u, v, k);
  double h = eddy_fd_step(1.0);
  Vec up, um;
  for (int i = 0; i < N; ++i) {
    up[i] = u[i] + h * v[i];
    um[i] = u[i] - h * v[i];
  }
  Vec gp = eddy::gradient(eddy::wrt<0>, g, up, k);
  Vec gm = eddy::gradient(eddy::wrt<0>, g, um, k);
  double scale = 0;
  for (int i = 0; i < N; ++i)
    scale = std::fmax(scale, std::fabs(ref[i]));
  std::snprintf(buf, sizeof buf, "%s.hv_not_tiny", name);
  eddy_check_eq(buf, scale > 1e-2, 1);
  for (int i = 0; i < N; ++i) {
    double fd = (gp[i] - gm[i]) / (2 * h);
    std::snprintf(buf, sizeof buf, "%s.hv[%%d]", name);
    eddy_checkf_tol(hv[i], ref[i], 1e-11, 1e-13 * scale, buf, i, 0);
    std::snprintf(buf, sizeof buf, "%s.hv_fd[%%d]", name);
    eddy_checkf_tol(hv[i], fd, 1e-6, 1e-9 * scale, buf, i, 0);
    std::snprintf(buf, sizeof buf, "%s.taped.hv_fd[%%d]", name);
    eddy_checkf_tol(ref[i], fd, 1e-6, 1e-9 * scale, buf, i, 0);
  }
}

int main() {
  const double k = 0.01; // Larger k drives u to sin(u) = 0, where H v vanishes.
  Vec u, v;
  for (int i = 0; i < N; ++i) {
    u[i] = 0.2 + 0.1 * i;
    v[i] = std::cos(i);
  }
  check_hvp("nested", eddy::fn<nested_ckpt>, eddy::fn<taped>, u, v, k, Steps);
  check_hvp("function", eddy::fn<relaxed_ckpt>, eddy::fn<relaxed_taped>, u, v,
            0.05, 1);
  return eddy_summary();
}

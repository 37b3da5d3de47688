// eddy::vjp_split: the forward sweep returns f's value and a move-only
// pullback; calling it later (after other work, on another thread, in
// either order for two live ones) returns what eddy::vjp gives for the same
// cotangent (checked to rounding, and against analytic derivatives). A
// pullback destroyed without being called releases its tape (no leak: the
// valgrind job runs this test). The functions have loops and a noinline
// callee, so the tape holds pushed values.
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -pthread -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <thread>
#include <vector>

__attribute__((noinline)) static double sumsq(const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += v[i] * v[i];
  return s;
}

// f(x, s) = s * sum_i sin(x_i) x_i + sum_i x_i^2
static double f(const std::array<double, 4> &x, double s) {
  double a = 0;
  for (int i = 0; i < 4; ++i)
    a += std::sin(x[i]) * x[i];
  return s * a + sumsq(x.data(), 4);
}

// g(p[0..n)) = {sum p_i^3, prod (1 + p_i)}
static std::array<double, 2> g(const double *p, int n) {
  std::array<double, 2> r{0, 1};
  for (int i = 0; i < n; ++i) {
    r[0] += p[i] * p[i] * p[i];
    r[1] *= 1 + p[i];
  }
  return r;
}

int main() {
  auto F = [](const std::array<double, 4> &x, double s) { return f(x, s); };
  const std::array<double, 4> x0{0.3, -1.2, 0.8, 2.0};
  const double s0 = 1.7, w = 2.5;

  // Forward now, backward later after other work (other gradients too).
  auto [y, back] = eddy::vjp_split(F, x0, s0);
  eddy_check("value", y, f(x0, s0));
  auto other = eddy::gradient(F, std::array<double, 4>{5, 6, 7, 8}, 0.1);
  (void)other;
  auto [y2, back2] = eddy::vjp_split(F, std::array<double, 4>{1, 2, 3, 4}, 3.0);
  (void)y2;
  auto [gx, gs] = std::move(back)(w);
  auto [rx, rs] = eddy::vjp(F, w, x0, s0);
  double a = 0;
  for (int i = 0; i < 4; ++i) {
    eddy_check("dx vs vjp", gx[i], rx[i]);
    double d = s0 * (std::cos(x0[i]) * x0[i] + std::sin(x0[i])) + 2 * x0[i];
    eddy_check("dx analytic", gx[i], w * d);
    a += std::sin(x0[i]) * x0[i];
  }
  eddy_check("ds vs vjp", gs, rs);
  eddy_check("ds analytic", gs, w * a);
  eddy_check_eq("consumed", bool(back), false);
  // back2 is destroyed unused at the end of main: its tape is released.

  // Another thread runs the backward sweep.
  std::vector<double> p{0.5, -0.25, 1.5};
  auto G = [](const double *q, int n) { return g(q, n); };
  auto [gy, gback] = eddy::vjp_split(G, eddy::ptr(p.data(), p.size()), 3);
  eddy_check("g value 0", gy[0], g(p.data(), 3)[0]);
  const std::array<double, 2> wg{1.0, -2.0};
  std::vector<double> gp;
  std::thread t([&, b = std::move(gback)]() mutable { gp = std::move(b)(wg); });
  t.join();
  std::vector<double> rp = eddy::vjp(G, wg, eddy::ptr(p.data(), p.size()), 3);
  double prod = 1;
  for (double v : p)
    prod *= 1 + v;
  for (int i = 0; i < 3; ++i) {
    eddy_check("thread vs vjp", gp[i], rp[i]);
    eddy_check("thread analytic", gp[i], 3 * p[i] * p[i] * wg[0] + prod / (1 + p[i]) * wg[1]);
  }

  // Two live pullbacks of one function, consumed in reverse order.
  std::array<double, 4> xa{0.1, 0.2, 0.3, 0.4}, xb{-1, 1, -2, 2};
  auto [ya, ba] = eddy::vjp_split(F, xa, 1.0);
  auto [yb, bb] = eddy::vjp_split(F, xb, -0.5);
  (void)ya, (void)yb;
  auto gb = std::move(bb)(1.0);
  auto ga = std::move(ba)(1.0);
  auto ra = eddy::vjp(F, 1.0, xa, 1.0);
  auto rb = eddy::vjp(F, 1.0, xb, -0.5);
  for (int i = 0; i < 4; ++i) {
    eddy_check("two live: a", std::get<0>(ga)[i], std::get<0>(ra)[i]);
    eddy_check("two live: b", std::get<0>(gb)[i], std::get<0>(rb)[i]);
  }
  // Released unused, several times.
  for (int k = 0; k < 3; ++k) {
    auto [yk, bk] = eddy::vjp_split(F, x0, double(k));
    (void)yk;
  }
  return eddy_summary();
}

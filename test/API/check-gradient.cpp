// eddy::check_gradient: reverse mode, forward mode and central differences
// entry by entry. It passes on correct functions (numbers, std::array,
// std::vector, eddy::ptr, integers and eddy::constant held fixed, float with
// its own tolerances), and it reports the entries of a function whose custom
// adjoint rule (reverse wrong) or tangent rule (forward wrong) is deliberately
// wrong, with the disagreeing mode named; tolerances can be overridden.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL: %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cmath>
#include <vector>

// softplus with correct rules, and twice with a wrong one (derivative 2x).
static double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
static double softplus(double x) { return std::log1p(std::exp(x)); }
static double sp_tangent(double x, double dx) { return sigmoid(x) * dx; }
static void sp_adjoint(double x, double *dx, double dret) { *dx += sigmoid(x) * dret; }
EDDY_TANGENT_RULE(softplus, sp_tangent)
EDDY_ADJOINT_RULE(softplus, sp_adjoint)

static double sp_bad_rev(double x) { return std::log1p(std::exp(x)); }
static void bad_adjoint(double x, double *dx, double dret) { *dx += 2 * sigmoid(x) * dret; }
EDDY_TANGENT_RULE(sp_bad_rev, sp_tangent)
EDDY_ADJOINT_RULE(sp_bad_rev, bad_adjoint)

static double sp_bad_fwd(double x) { return std::log1p(std::exp(x)); }
static double bad_tangent(double x, double dx) { return 2 * sigmoid(x) * dx; }
EDDY_TANGENT_RULE(sp_bad_fwd, bad_tangent)
EDDY_ADJOINT_RULE(sp_bad_fwd, sp_adjoint)

static void expect(const char *name, bool got, bool want) {
  eddy_check_eq(name, got, want);
}

int main() {
  // Numbers, a std::array, an integer held fixed.
  auto f = [](double a, const std::array<double, 3> &v, int n) {
    double s = 0;
    for (int i = 0; i < n; ++i)
      s += std::sin(a * v[i]) + softplus(v[i]) * a;
    return s;
  };
  std::array<double, 3> v{0.5, -1.2, 2.0};
  eddy::gradient_check r = eddy::check_gradient(f, 0.7, v, 3);
  if (!r.ok())
    r.print(stdout); // not reached: FileCheck would see the FAIL lines
  expect("f ok", r.ok(), true);
  eddy_check_eq("f entries", (long)r.entries.size(), 4);
  eddy_check_eq("f entry 2 arg", (long)r.entries[2].arg, 1);
  eddy_check_eq("f entry 2 index", (long)r.entries[2].index, 1);
  // The entries hold the derivative three ways: check one against the formula.
  const double a = 0.7;
  eddy_check("f d/dv1 reverse", r.entries[2].reverse,
             a * std::cos(a * v[1]) + sigmoid(v[1]) * a);
  eddy_check("f d/dv1 forward", r.entries[2].forward, r.entries[2].reverse);
  eddy_check_fd("f d/dv1 central", r.entries[2].central, r.entries[2].reverse);
  eddy_check("f value", r.value, f(0.7, v, 3));
  // The step of entry x = 2.0 is cbrt(eps) * 2, rounded to what x + h holds.
  volatile double xph = 2.0 + std::cbrt(DBL_EPSILON) * 2;
  eddy_check_tol("f step", r.entries[3].step, xph - 2.0, 0, 0);
  expect("f max errors small", r.max_mode_error() < 1e-12 && r.max_fd_error() < 1e-8, true);

  // std::vector, eddy::ptr, eddy::constant.
  std::vector<double> w{0.1, 0.2, -0.3, 0.4};
  double data[4] = {1.0, -2.0, 0.5, 3.0};
  auto dot = [](const std::vector<double> &x, const double *d, double scale) {
    double s = 0;
    for (int i = 0; i < 4; ++i)
      s += std::exp(x[i] * d[i]) * scale;
    return s;
  };
  auto r2 = eddy::check_gradient(dot, w, eddy::ptr(data, 4), eddy::constant(1.5));
  expect("dot ok", r2.ok(), true);
  eddy_check_eq("dot entries", (long)r2.entries.size(), 8);
  eddy_check("dot data unchanged", data[2], 0.5);

  // float: float tolerances by default.
  auto ff = [](float x, float y) { return std::sin(x) * y * y; };
  auto r3 = eddy::check_gradient(ff, 0.4f, 1.5f);
  expect("float ok", r3.ok(), true);
  eddy_check("float fd_rtol", r3.tolerances.fd_rtol, 1e-2);

  // A wrong adjoint rule: reverse disagrees with forward and central.
  auto g = [](double x, double y) { return sp_bad_rev(x) * y; };
  auto bad = eddy::check_gradient(g, 0.3, 2.0);
  expect("bad adjoint not ok", bad.ok(), false);
  eddy_check_eq("bad adjoint failures", (long)bad.failures(), 1);
  expect("bad adjoint x: modes differ", bad.entries[0].mode_ok, false);
  expect("bad adjoint x: central differs", bad.entries[0].fd_ok, false);
  expect("bad adjoint y ok", bad.entries[1].ok(), true);
  // forward and central agree on the true derivative sigmoid(x) * y.
  eddy_check("bad adjoint forward", bad.entries[0].forward, sigmoid(0.3) * 2.0);
  eddy_check_fd("bad adjoint central", bad.entries[0].central, sigmoid(0.3) * 2.0);
  eddy_check("bad adjoint max mode error", bad.max_mode_error(), sigmoid(0.3) * 2.0);
  bad.print(stdout);
  // CHECK: eddy::check_gradient: FAILED: 1 of 2 entries failed; max |reverse-forward| 1.15 (tolerance 1e-12 + 1e-10*|d|), max |reverse-central| 1.15 (tolerance 1e-08 + 1e-06*|d|)
  // CHECK-NEXT: {{^}}  FAIL arg 0[0] at 0.3: reverse 2.297770067, forward 1.148885034, central 1.1488850{{[0-9]+}} (h 6.06e-06); reverse and forward differ; reverse and central differences differ{{$}}
  // CHECK-NEXT: {{^}}  ok   arg 1[0] at 2: reverse 0.8543552445, forward 0.8543552445, central 0.85435524{{[0-9]+}} (h 1.21e-05){{$}}

  // A wrong tangent rule: forward disagrees; reverse and central agree.
  auto h = [](double x, double y) { return sp_bad_fwd(x) * y; };
  auto bad2 = eddy::check_gradient(h, 0.3, 2.0);
  expect("bad tangent not ok", bad2.ok(), false);
  expect("bad tangent x: modes differ", bad2.entries[0].mode_ok, false);
  expect("bad tangent x: central agrees", bad2.entries[0].fd_ok, true);
  std::string text = bad2.str();
  expect("bad tangent text", text.find("FAIL arg 0[0]") != std::string::npos &&
                                 text.find("; reverse and forward differ\n") != std::string::npos,
         true);

  // The caller's tolerances: loose enough, the wrong adjoint passes; tight
  // enough, even correct central differences fail.
  eddy::gradient_tolerances loose;
  loose.mode_rtol = loose.fd_rtol = 1.5;
  expect("loose tolerances pass", eddy::check_gradient(loose, g, 0.3, 2.0).ok(), true);
  eddy::gradient_tolerances tight;
  tight.fd_rtol = tight.fd_atol = 0;
  auto r4 = eddy::check_gradient(tight, f, 0.7, v, 3);
  expect("tight tolerances: central fails", r4.ok(), false);
  eddy_check("tight tolerances kept", r4.tolerances.fd_rtol, 0);
  return eddy_summary();
}
// CHECK: ALL OK

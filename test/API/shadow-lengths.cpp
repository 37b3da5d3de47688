// A caller-owned shadow shorter or longer than its value is a run-time
// error that names the entry point and the argument (f is argument 1), then
// std::abort(): the sweep would have read or written past the shadow's end.
// Each case is selected by argv[1]; with no argument, shadows that fit run.
//
// RUN: %eddy-clangxx -std=c++17 -O0 -I%S/../Inputs %s -o %t0
// RUN: %eddy-clangxx -std=c++17 -O1 -I%S/../Inputs %s -o %t1
// RUN: %eddy-clangxx -std=c++17 -O2 -I%S/../Inputs %s -o %t2
// RUN: %eddy-clangxx -std=c++17 -O3 -I%S/../Inputs %s -o %t3
// RUN: for b in %t0 %t1 %t2 %t3; do %run $b | FileCheck --check-prefix=OK --implicit-check-not=FAIL %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b dual 2>&1 | FileCheck --check-prefix=DUAL %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b grad 2>&1 | FileCheck --check-prefix=GRAD %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b lanes 2>&1 | FileCheck --check-prefix=LANES %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b ptr 2>&1 | FileCheck --check-prefix=PTR %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b seed 2>&1 | FileCheck --check-prefix=SEED %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b structs 2>&1 | FileCheck --check-prefix=STRUCTS %s || exit 1; done
// RUN: for b in %t0 %t1 %t2 %t3; do not --crash %run $b hvp 2>&1 | FileCheck --check-prefix=HVP %s || exit 1; done
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <cstring>
#include <vector>

struct Vec3 {
  double x, y, z;
};

static double f(const std::vector<double> &x) { return x[0] * x[1] + x[2]; }

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "";
  auto is = [&](const char *s) { return std::strcmp(which, s) == 0; };
  std::vector<double> x{1, 2, 3};
  if (is("dual")) {
    // DUAL: eddy: eddy::jvp: the shadow of argument 2 has 2 elements, but its value has 3; give the shadow the value's length
    std::vector<double> dx(2);
    eddy::jvp(eddy::fn<f>, eddy::dual(x, dx));
  }
  if (is("grad")) {
    // GRAD: eddy: eddy::gradient: the shadow of argument 2 has 4 elements, but its value has 3; give the shadow the value's length
    std::vector<double> acc(4);
    eddy::gradient(eddy::fn<f>, eddy::dual(x, acc));
  }
  if (is("lanes")) {
    // LANES: eddy: eddy::jvp: the shadow of argument 3 (direction 1 of 2) has 1 element, but its value has 3; give each shadow the value's length
    std::array<std::vector<double>, 2> dirs{std::vector<double>{1, 0, 0}, std::vector<double>{1}};
    eddy::jvp<2>([](double s, const std::vector<double> &v) { return s * v[0]; }, 2.0,
                 eddy::dual(x, dirs));
  }
  if (is("ptr")) {
    // PTR: eddy: eddy::jvp: the shadow of argument 2 has 2 elements, but its value has 3
    std::vector<double> dx(2);
    eddy::jvp([](const double *p) { return p[0]; }, eddy::dual(eddy::ptr(x.data(), 3), dx));
  }
  if (is("seed")) {
    // SEED: eddy: eddy::vjp: the shadow of argument 3 has 1 element, but its value has 2
    std::vector<double> y(2), ybar{1};
    eddy::vjp([](const std::vector<double> &u, std::vector<double> &v) { v[0] = u[0]; v[1] = u[1]; },
              x, eddy::output(y, ybar));
  }
  if (is("structs")) {
    // STRUCTS: eddy: eddy::jvp: the shadow of argument 2 has 1 element, but its value has 2
    std::vector<Vec3> p(2, Vec3{1, 2, 3}), dp(1);
    eddy::jvp([](const std::vector<Vec3> &v) { return v[0].x * v[1].y; }, eddy::dual(p, dp));
  }
  if (is("hvp")) {
    // HVP: eddy: eddy::hvp: the direction v (argument 3) has 2 elements, but x (argument 2) has 3; give v the length of x
    std::vector<double> v{1, 0};
    eddy::hvp(eddy::fn<f>, x, v);
  }
  // Shadows that fit: the same computations give the analytic numbers.
  std::vector<double> dx{0, 1, 0}, acc(3);
  eddy_check("jvp", eddy::jvp(eddy::fn<f>, eddy::dual(x, dx)).tangent, x[0]);
  eddy::gradient(eddy::fn<f>, eddy::dual(x, acc));
  eddy_check("gradient", acc[0], x[1]);
  std::vector<Vec3> p(2, Vec3{1, 2, 3}), dp(2);
  dp[1].y = 1;
  eddy_check("structs", eddy::jvp([](const std::vector<Vec3> &v) { return v[0].x * v[1].y; },
                                  eddy::dual(p, dp)).tangent, 1);
  std::vector<double> v{1, 0, 0};
  eddy_check("hvp", eddy::hvp(eddy::fn<f>, x, v)[1], 1);
  return eddy_summary();
}
// OK: ALL OK

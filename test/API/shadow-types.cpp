// A caller-owned shadow (eddy::dual, eddy::output) must hold its value's
// element type: Eddy reads and writes it through a void * as the value's
// type, so std::vector<float> for std::vector<double> gave garbage. Each
// holder that pairs a value with a shadow is checked; the failed requirement
// names the argument (f is argument 1) and both element types.
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DJVP %s 2>&1 | FileCheck --check-prefix=JVP %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DJVP_N %s 2>&1 | FileCheck --check-prefix=JVP_N %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DARRAY %s 2>&1 | FileCheck --check-prefix=ARRAY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DPTR %s 2>&1 | FileCheck --check-prefix=PTR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DGRAD %s 2>&1 | FileCheck --check-prefix=GRAD %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DVJP %s 2>&1 | FileCheck --check-prefix=VJP %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DOUTPUT %s 2>&1 | FileCheck --check-prefix=OUTPUT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DVJP_N %s 2>&1 | FileCheck --check-prefix=VJP_N %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DHOLDER %s 2>&1 | FileCheck --check-prefix=HOLDER %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -I%S/../Inputs -DSTRUCTS %s 2>&1 | FileCheck --check-prefix=STRUCTS %s
// The valid forms compile and run (lengths and types that fit):
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --check-prefix=OK --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>
#include <vector>

struct Vec3 {
  double x, y, z;
};
struct Vec3f {
  float x, y, z;
};

int main() {
  auto f = [](const std::vector<double> &x) { return x[0] * x[1] + x[2]; };
  std::vector<double> x{1, 2, 3};
#ifdef JVP
  // JVP: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, double, float>': eddy::dual / eddy::output: the shadow of argument <1> (f is argument 1) holds elements of type <3>, but its value holds <2>: give the shadow the value's element type
  std::vector<float> dxf(3);
  eddy::jvp(f, eddy::dual(x, dxf));
#endif
#ifdef JVP_N
  // JVP_N: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<3UL, double, int>'
  std::array<std::vector<int>, 2> dirs;
  eddy::jvp<2>([](double a, const std::vector<double> &v) { return a * v[0]; }, 1.0,
               eddy::dual(x, dirs));
#endif
#ifdef ARRAY
  // ARRAY: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, double, float>'
  std::array<double, 2> a{1, 2};
  std::array<float, 2> da{1, 0};
  eddy::jvp([](const std::array<double, 2> &v) { return v[0] * v[1]; }, eddy::dual(a, da));
#endif
#ifdef PTR
  // PTR: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, double, float>'
  float df[3] = {1, 0, 0};
  eddy::jvp([](const double *p) { return p[0]; }, eddy::dual(eddy::ptr(x.data(), 3), df));
#endif
#ifdef GRAD
  // GRAD: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, double, float>'
  std::vector<float> acc(3);
  eddy::gradient(f, eddy::dual(x, acc));
#endif
#ifdef VJP
  // VJP: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<4UL, double, float>'
  std::vector<float> acc(3);
  eddy::vjp([](double s, const std::vector<double> &v) { return s * v[0]; }, 1.0, 2.0,
            eddy::dual(x, acc));
#endif
#ifdef OUTPUT
  // In forward mode an eddy::output's shadow receives the tangent.
  // OUTPUT: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<3UL, double, float>'
  std::vector<double> y(2), dx{1, 0, 0};
  std::vector<float> dy(2);
  eddy::jvp([](const std::vector<double> &u, std::vector<double> &v) { v[0] = u[0]; v[1] = u[1]; },
            eddy::dual(x, dx), eddy::output(y, dy));
#endif
#ifdef VJP_N
  // VJP_N: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<3UL, double, float>'
  std::array<double, 2> ws{1, 0};
  std::array<std::vector<float>, 2> acc;
  eddy::vjp<2>(f, ws, eddy::dual(x, acc));
#endif
#ifdef HOLDER
  // f receives the std::vector and its shadow std::vector (whose data
  // pointer is the shadow's): another container is another object.
  // HOLDER: error: static assertion failed due to requirement 'eddy_argument_shadow_has_value_type<2UL, std::vector<double, std::allocator<double>>, std::array<double, 3>>': eddy::dual / eddy::output: the shadow of argument <1> (f is argument 1) is a <3>, but its value is a <2>
  std::array<double, 3> dxa{0, 1, 0};
  eddy::jvp(f, eddy::dual(x, dxa));
#endif
#ifdef STRUCTS
  // STRUCTS: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, Vec3, Vec3f>'
  std::vector<Vec3> p(2, Vec3{1, 2, 3});
  std::vector<Vec3f> dp(2);
  eddy::jvp([](const std::vector<Vec3> &v) { return v[0].x * v[1].y; }, eddy::dual(p, dp));
#endif

  // What fits: the same type (with qualifiers), any number for a scalar,
  // any array of the element type for a raw pointer or eddy::ptr, and in
  // reverse mode any seeds for an eddy::output (copied and converted).
  std::vector<double> dx{1, 0, 0};
  eddy_check("vector/vector", eddy::jvp(f, eddy::dual(x, dx)).tangent, 2);
  const std::vector<double> &cx = x;
  eddy_check("const vector", eddy::jvp(f, eddy::dual(cx, dx)).tangent, 2);
  eddy_check("scalar/int", eddy::jvp([](double s) { return s * s; }, eddy::dual(3.0, 1)).tangent, 6);
  auto g = [](const double *p) { return p[0] * p[1] + p[2]; };
  std::array<double, 3> dxa{0, 1, 0};
  eddy_check("ptr/array", eddy::jvp(g, eddy::dual(eddy::ptr(x.data(), 3), dxa)).tangent, 1);
  eddy_check("ptr/vector", eddy::jvp(g, eddy::dual(eddy::ptr(x.data(), 3), dx)).tangent, 2);
  eddy_check("pointer/pointer", eddy::jvp(g, eddy::dual(x.data(), dx.data())).tangent, 2);
  std::vector<double> acc(3);
  eddy::gradient(f, eddy::dual(x, acc));
  eddy_check("gradient 0", acc[0], 2);
  eddy_check("gradient 2", acc[2], 1);
  std::vector<double> y(2);
  std::array<float, 2> ybar{0, 1};
  auto copy = [](const std::vector<double> &u, std::vector<double> &v) { v[0] = u[0] * u[1]; v[1] = u[2] * u[2]; };
  auto xbar = eddy::vjp(copy, x, eddy::output(y, ybar));
  eddy_check("vjp float seeds", xbar[2], 2 * x[2]);
  return eddy_summary();
}
// OK: ALL OK

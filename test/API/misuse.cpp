// Misuse of the C++ API is a compile error with a readable static_assert
// message (each case compiled alone, selected with -D), and that is the only
// error: the failing check returns a type on which the caller's use of the
// result is well-formed (eddy/bits/refused.hpp), so no follow-on errors about
// `void` come after it. Each case uses its result the way a program would.
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DARITY %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=ARITY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DINT_VAR %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=INT_VAR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DALL_INT %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=ALL_INT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DINT_DUAL %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=INT_DUAL %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DNON_SCALAR %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=NON_SCALAR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DFN_PTR %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=FN_PTR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DRAW_PTR %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=RAW_PTR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DOBJECT %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=OBJECT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DNO_TANGENT %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=NO_TANGENT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DBATCH %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=BATCH %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHESS %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=HESS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DJAC %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=JAC %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVJP_LANES %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=VJP_LANES %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVJP_SEEDS %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=VJP_SEEDS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DVAG %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=VAG %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHVP_DIR %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=HVP_DIR %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DBATCH_ARITY %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=BATCH_ARITY %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DSPLIT %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=SPLIT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DSHADOW_TYPE %s 2>&1 | FileCheck --implicit-check-not=error: --check-prefix=SHADOW_TYPE %s
#include <eddy/eddy.hpp>
#include <cstdio>
#include <vector>
#include <array>

static double f2(double x, double y) { return x * y; }
// Not trivially copyable: Eddy cannot make a shadow of it by itself.
struct Handle {
  double a;
  ~Handle() {}
};

int main() {
  auto f = [](double x, double y) { return x * y; };
#ifdef ARITY
  // ARITY: error: static assertion failed{{.*}}eddy::gradient / eddy::vjp: f cannot be called with these arguments (check their number and types)
  auto g = eddy::gradient(f, 1.0);
  std::printf("%g\n", g[0] + 1.0);
#endif
#ifdef INT_VAR
  // INT_VAR: error: static assertion failed{{.*}}eddy::derivative: the variable (first argument) must be a float or double, e.g. 2.0 rather than 2
  double d = eddy::derivative(f, 2, 3.0) * 2;
  (void)d;
#endif
#ifdef ALL_INT
  // ALL_INT: error: static assertion failed{{.*}}nothing to differentiate: every argument is an integer or eddy::constant
  double g = eddy::gradient([](int n, double c) { return c * n; }, 3, eddy::constant(2.0));
  (void)g;
#endif
#ifdef INT_DUAL
  // INT_DUAL: error: static assertion failed{{.*}}eddy::jvp: eddy::dual needs a float/double{{.*}}integers and other objects have no tangent
  auto t = eddy::jvp([](int n) { return 1.0 * n; }, eddy::dual(3, 1));
  double dt = t.tangent;
  (void)dt;
#endif
#ifdef NON_SCALAR
  // NON_SCALAR: error: static assertion failed{{.*}}eddy::gradient: f must return one float or double; for several outputs use eddy::vjp or eddy::jacobian
  eddy::gradient([](double x) { return std::array<double, 2>{x, x}; }, 1.0);
#endif
#ifdef FN_PTR
  // A function name is accepted (test/API/function-names.cpp); a pointer
  // variable is refused by the plugin at the argument.
  double (*fp)(double, double) = f2;
  // FN_PTR: misuse.cpp:[[@LINE+1]]:27: error: eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> or a lambda
  auto g = eddy::gradient(fp, 1.0, 2.0);
  double s = g[0] - g[1];
  (void)s;
#endif
#ifdef RAW_PTR
  // RAW_PTR: error: static assertion failed{{.*}}an argument is not differentiable: pass a raw pointer as eddy::ptr(p, n)
  double x[2] = {1, 2};
  eddy::gradient([](const double *p) { return p[0]; }, &x[0]);
#endif
#ifdef OBJECT
  // OBJECT: error: static assertion failed{{.*}}other objects as eddy::constant(x) or eddy::dual(x, shadow)
  eddy::gradient([](const Handle &p, double x) { return p.a * x; }, Handle{1}, 1.0);
#endif
#ifdef NO_TANGENT
  // NO_TANGENT: error: static assertion failed{{.*}}eddy::jvp: no argument has a tangent: pass eddy::dual(x, dx) for each direction
  auto [y, dy] = eddy::jvp(f, 1.0, 2.0);
  (void)y;
  (void)dy;
#endif
#ifdef BATCH
  // BATCH: error: static assertion failed{{.*}}eddy::jvp<N>: each eddy::dual shadow must be a std::array of N tangents
  eddy::jvp<3>(f, eddy::dual(1.0, std::array<double, 2>{1, 0}), 2.0);
#endif
#ifdef HESS
  // HESS: error: static assertion failed{{.*}}eddy::hvp / eddy::hessian: f must return one float or double
  auto h = eddy::hessian([](const std::array<double, 2> &x) { return x; }, std::array<double, 2>{1, 2});
  double h01 = h[0][1];
  (void)h01;
#endif
#ifdef VJP_LANES
  // VJP_LANES: error: static assertion failed{{.*}}eddy::vjp<N>: pass the N cotangents as a std::array of N values of f's result type
  eddy::vjp<3>(f, std::array<double, 2>{1, 0}, 1.0, 2.0);
#endif
#ifdef VJP_SEEDS
  // VJP_SEEDS: error: static assertion failed{{.*}}eddy::vjp<N>: each eddy::dual shadow and eddy::output seed must be a std::array of N
  double y[2], x[2] = {1, 2}, ybar[2] = {1, 0};
  eddy::vjp<2>([](const double *u, double *v) { v[0] = u[0]; v[1] = u[1]; },
               eddy::ptr(x, 2), eddy::output(eddy::ptr(y, 2), ybar));
#endif
#ifdef JAC
  // JAC: error: static assertion failed{{.*}}eddy::jacobian: the input (first argument) must be a float/double
  auto j = eddy::jacobian([](int n) { return 1.0 * n; }, 3);
  for (auto &row : j)
    (void)row;
#endif
#ifdef VAG
  // VAG: error: static assertion failed{{.*}}eddy::gradient: f must return one float or double
  auto [v, g] = eddy::value_and_gradient([](double x) { return std::array<double, 2>{x, x}; }, 1.0);
  if (v < 0 || g > 1)
    return 1;
#endif
#ifdef HVP_DIR
  // HVP_DIR: error: static assertion failed{{.*}}eddy::hvp: the direction v (argument 3) must be indexable like x
  auto hv = eddy::hvp([](const std::array<double, 2> &x) { return x[0] * x[1]; },
                      std::array<double, 2>{1, 2}, 3);
  double h0 = hv[0];
  (void)h0;
#endif
#ifdef BATCH_ARITY
  // BATCH_ARITY: error: static assertion failed{{.*}}eddy::batch: f cannot be called with these arguments
  auto ys = eddy::batch<2>(f, eddy::lanes(1.0, 2.0));
  double y0 = ys[0];
  (void)y0;
#endif
#ifdef SPLIT
  // SPLIT: error: static assertion failed{{.*}}eddy::vjp_split: f cannot be called with these arguments
  auto [y, back] = eddy::vjp_split(f, 1.0);
  auto gx = back(1.0);
  (void)y;
  (void)gx;
#endif
#ifdef SHADOW_TYPE
  // A shadow of the wrong element type is reported by the shadow checks.
  // SHADOW_TYPE: error: static assertion failed due to requirement 'eddy_argument_shadow_matches<2UL, double, float>'
  std::vector<double> xs{1, 2};
  std::vector<float> dxs(2);
  auto r = eddy::jvp([](const std::vector<double> &u) { return u[0] * u[1]; }, eddy::dual(xs, dxs));
  double tr = r.tangent;
  (void)tr;
#endif
  (void)f;
  return 0;
}

// Misuse of eddy::tape_budget is a compile error that says what to write
// (each case compiled alone, selected with -D): a budget that is not an
// integer, a constant below 1 (at the argument's column), the budget
// anywhere but first, given twice, and on an entry point that takes none.
//
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DNOT_INTEGER %s 2>&1 | FileCheck --check-prefix=NOT_INTEGER %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DBOOL %s 2>&1 | FileCheck --check-prefix=NOT_INTEGER %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DNEGATIVE %s 2>&1 | FileCheck --check-prefix=NEGATIVE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DZERO %s 2>&1 | FileCheck --check-prefix=ZERO %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DAFTER_WRT %s 2>&1 | FileCheck --check-prefix=AFTER_WRT %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DAMONG_ARGS %s 2>&1 | FileCheck --check-prefix=AMONG_ARGS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DTWICE %s 2>&1 | FileCheck --check-prefix=TWICE %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DJVP %s 2>&1 | FileCheck --check-prefix=FORWARD %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DDERIVATIVE %s 2>&1 | FileCheck --check-prefix=FORWARD %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DJACOBIAN %s 2>&1 | FileCheck --check-prefix=OTHERS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHESSIAN %s 2>&1 | FileCheck --check-prefix=OTHERS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DHVP %s 2>&1 | FileCheck --check-prefix=OTHERS %s
// RUN: not %eddy-clangxx -std=c++17 -fsyntax-only -DGRAD %s 2>&1 | FileCheck --check-prefix=GRAD %s
// Forward mode over a gradient with a budget of its own is refused by the
// passes (a budget from -fplugin-arg-eddy-tape-budget works: hvp-heat.c).
// RUN: not %eddy-clangxx -std=c++17 -O1 -c -o /dev/null -DNESTED %s 2>&1 | FileCheck --check-prefix=NESTED %s
// The correct forms compile (with and without eddy::wrt, any integer type).
// RUN: %eddy-clangxx -std=c++17 -fsyntax-only -DVALID %s
#include <eddy/eddy.hpp>
#include <array>
#include <cstddef>
#include <tuple>

static double f(double x, double y) { return x * y; }
static double h(const std::array<double, 2> &x) { return x[0] * x[1]; }
[[maybe_unused]] static double loop(double *u, double k) {
  for (int t = 0; t < 10; ++t)
    for (int j = 0; j < 4; ++j)
      u[j] = u[j] * (1 - k) + k * u[(j + 1) % 4];
  return u[0];
}

int main(int argc, char **) {
#ifdef NOT_INTEGER
  // NOT_INTEGER: error: static assertion failed{{.*}}eddy::tape_budget: the budget is a number of bytes, an integer (write 64 << 20 or std::size_t(6.4e7), not 6.4e7)
  eddy::gradient(eddy::tape_budget(6.4e7), f, 1.0, 2.0);
#endif
#ifdef BOOL
  eddy::gradient(eddy::tape_budget(true), f, 1.0, 2.0);
#endif
#ifdef NEGATIVE
  // NEGATIVE: tape-budget-misuse.cpp:[[@LINE+1]]:38: error: eddy::tape_budget: the budget is a number of bytes, at least 1
  eddy::gradient(eddy::tape_budget(-5), f, 1.0, 2.0);
#endif
#ifdef ZERO
  constexpr long long none = 0;
  // ZERO: tape-budget-misuse.cpp:[[@LINE+1]]:50: error: eddy::tape_budget: the budget is a number of bytes, at least 1
  eddy::value_and_gradient(eddy::tape_budget(none), f, 1.0, 2.0);
#endif
#ifdef AFTER_WRT
  // AFTER_WRT: error: static assertion failed{{.*}}eddy::tape_budget(bytes) comes before eddy::wrt<...>: eddy::gradient(eddy::tape_budget(bytes), eddy::wrt<I...>, f, args...)
  eddy::gradient(eddy::wrt<0>, eddy::tape_budget(64), f, 1.0, 2.0);
#endif
#ifdef AMONG_ARGS
  // AMONG_ARGS: error: static assertion failed{{.*}}eddy::tape_budget(bytes) comes first: eddy::gradient(eddy::tape_budget(bytes), f, args...)
  eddy::gradient(f, eddy::tape_budget(64), 1.0, 2.0);
#endif
#ifdef TWICE
  // TWICE: error: static assertion failed{{.*}}eddy::tape_budget: given twice; a request takes one budget
  eddy::gradient(eddy::tape_budget(64), eddy::tape_budget(64), f, 1.0, 2.0);
#endif
#ifdef JVP
  // FORWARD: error: static assertion failed{{.*}}eddy::{{jvp|derivative}}: eddy::tape_budget is an option of reverse mode (eddy::gradient, value_and_gradient, vjp); forward mode keeps no tape
  eddy::jvp(eddy::tape_budget(64), f, eddy::dual(1.0, 1.0), 2.0);
#endif
#ifdef DERIVATIVE
  eddy::derivative(eddy::tape_budget(64), f, 1.0, 2.0);
#endif
#ifdef JACOBIAN
  // OTHERS: error: static assertion failed{{.*}}eddy::{{jacobian|hessian|hvp}}: eddy::tape_budget is an option of eddy::gradient, value_and_gradient and vjp only
  eddy::jacobian(eddy::tape_budget(64), h, std::array<double, 2>{1.0, 2.0});
#endif
#ifdef HESSIAN
  eddy::hessian(eddy::tape_budget(64), h, std::array<double, 2>{1.0, 2.0});
#endif
#ifdef HVP
  eddy::hvp(eddy::tape_budget(64), h, std::array<double, 2>{1.0, 2.0},
            std::array<double, 2>{1.0, 0.0});
#endif
#ifdef GRAD
  // GRAD: error: static assertion failed{{.*}}eddy::grad: eddy::tape_budget is an option of eddy::gradient, value_and_gradient and vjp; for a budget, write a lambda that calls eddy::gradient(eddy::tape_budget(b), f, args...)
  auto g = eddy::grad(eddy::tape_budget(64), f);
  (void)g;
#endif
#ifdef NESTED
  // NESTED: error: eddy: forward mode over a gradient that has a tape budget of its own (eddy::tape_budget, eddy_tape_budget) is not supported yet; remove the budget from that request (compiling with -fplugin-arg-eddy-tape-budget=<bytes> instead is supported)
  double d2 = eddy::derivative(
      [](double k) {
        double u[4] = {0.5, 0.25, 0.125, 1.0};
        return std::get<1>(eddy::gradient(eddy::tape_budget(4096), loop, eddy::ptr(u, 4), k));
      },
      0.2);
  return int(d2);
#endif
#ifdef VALID
  double d1 = eddy::gradient(eddy::tape_budget(64 << 20), eddy::wrt<1>, f, 1.0, 2.0);
  auto [d0, dd1] = eddy::gradient(eddy::tape_budget(std::size_t(argc) << 20), f, 1.0, 2.0);
  auto vg = eddy::value_and_gradient(eddy::tape_budget(64u), h, std::array<double, 2>{1.0, 2.0});
  auto v = eddy::vjp(eddy::tape_budget(short(512)), f, 1.0, 1.0, 2.0);
  auto v2 = eddy::vjp<2>(eddy::tape_budget(512L), f, std::array<double, 2>{1.0, 2.0}, 1.0, 2.0);
  return int(d1 + d0 + dd1 + vg.value + std::get<0>(v) + v2[1][0]);
#endif
  return 0;
}

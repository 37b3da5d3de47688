// C++ function forms: a function template instantiation, overloads selected
// with static_cast, a namespace function, a static member function, arguments
// passed by reference (a reference is a pointer: it takes a shadow), markers
// passed by address (&enzyme_const), and a request entry point that is itself
// a declared-only function template (its mangled name contains
// __enzyme_autodiff; typed parameters avoid the `...` promotions).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

struct D2 { double a, b; };
template <typename Ret, typename... Args> Ret __enzyme_autodiff_t(void *, Args...);
template <typename Ret, typename... Args> Ret __enzyme_fwddiff_t(void *, Args...);

template <typename T> T cubic(T x) { return x * x * x - T(2) * x; }

static double shape(double x) { return sin(x) * x; }
static double shape(double x, double y) { return sin(x) * y; }

namespace phys {
double spring(double k, double x) { return 0.5 * k * x * x; }
} // namespace phys

struct Model {
  static double energy(const double *q, int n) {
    double e = 0;
    for (int i = 0; i + 1 < n; ++i)
      e += (q[i + 1] - q[i]) * (q[i + 1] - q[i]) + cos(q[i]);
    return e;
  }
};

// By reference: d/dx (x^2 y) written through a const reference argument.
static double by_ref(const double &x, double y) { return x * x * y; }

int main() {
  double x = 0.7;
  eddy_check("cubic<double>.rev", __enzyme_autodiff((void *)cubic<double>, x), 3 * x * x - 2);
  eddy_check("cubic<double>.fwd", __enzyme_fwddiff((void *)cubic<double>, x, 1.0), 3 * x * x - 2);
  // float instantiation through the template entry point (no promotion).
  float xf = 0.7f;
  eddy_check_tol("cubic<float>.rev", __enzyme_autodiff_t<float>((void *)cubic<float>, xf),
                 3.0 * xf * xf - 2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("cubic<float>.fwd", __enzyme_fwddiff_t<float>((void *)cubic<float>, xf, 1.0f),
                 3.0 * xf * xf - 2, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // Overloads: the cast selects which `shape` is differentiated.
  typedef double (*One)(double);
  typedef double (*Two)(double, double);
  eddy_check("overload1.rev", __enzyme_autodiff((void *)static_cast<One>(shape), x), cos(x) * x + sin(x));
  D2 g = __enzyme_autodiff_t<D2>((void *)static_cast<Two>(shape), x, 2.5);
  eddy_check("overload2.rev.dx", g.a, cos(x) * 2.5);
  eddy_check("overload2.rev.dy", g.b, sin(x));
  eddy_check("overload2.fwd.dy", __enzyme_fwddiff((void *)static_cast<Two>(shape), x, 0.0, 2.5, 1.0), sin(x));

  // Markers by value and by address mean the same thing.
  eddy_check("spring.rev.const_by_addr",
             __enzyme_autodiff((void *)phys::spring, &enzyme_const, 3.0, 0.4), 3.0 * 0.4);
  eddy_check("spring.rev.const_by_value",
             __enzyme_autodiff((void *)phys::spring, enzyme_const, 3.0, 0.4), 3.0 * 0.4);
  eddy_check("spring.rev.dk", __enzyme_autodiff((void *)phys::spring, 3.0, &enzyme_const, 0.4),
             0.5 * 0.4 * 0.4);

  double q[4] = {0.1, 0.5, -0.2, 0.9}, dq[4] = {0, 0, 0, 0};
  __enzyme_autodiff((void *)Model::energy, &enzyme_dup, q, dq, 4);
  for (int i = 0; i < 4; ++i) {
    double ref = (i > 0 ? 2 * (q[i] - q[i - 1]) : 0) - (i < 3 ? 2 * (q[i + 1] - q[i]) + sin(q[i]) : 0);
    eddy_checkf_tol(dq[i], ref, EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "Model::energy.rev[%d]", i, 0);
  }

  double rx = 1.5, drx = 0.0;
  double y = -0.5;
  __enzyme_autodiff((void *)by_ref, &rx, &drx, &enzyme_const, y);
  eddy_check("by_ref.rev", drx, 2 * rx * y);
  double trx = 1.0;
  eddy_check("by_ref.fwd", __enzyme_fwddiff((void *)by_ref, &rx, &trx, &enzyme_const, y), 2 * rx * y);
  return eddy_summary();
}

// CHECK: OK cubic<double>.rev
// CHECK: OK cubic<float>.fwd
// CHECK: OK overload2.fwd.dy
// CHECK: OK spring.rev.dk
// CHECK: OK Model::energy.rev[3]
// CHECK: OK by_ref.fwd
// CHECK: ALL OK

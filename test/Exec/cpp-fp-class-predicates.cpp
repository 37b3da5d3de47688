// The C++ spellings of the floating-point class predicates: std::isnan,
// std::isinf, std::isfinite, std::isnormal, std::signbit, std::fpclassify
// on double and float, through eddy.hpp, at every level.
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <cmath>
#include <eddy/eddy.hpp>
#include "eddy_check.h"

template <class T> T classified(T x) {
  if (std::isnan(x) || std::isinf(x) || !std::isfinite(x))
    return T(0);
  T s = std::signbit(x) ? -x : x;
  int k = std::isnormal(x) + (std::fpclassify(x) == FP_NORMAL);
  return s * x + k * x; // |x| x + 2x for a normal x
}

int main() {
  eddy_check("double.pos", eddy::derivative(eddy::fn<classified<double>>, 1.5), 2 * 1.5 + 2);
  eddy_check("double.neg", eddy::derivative(eddy::fn<classified<double>>, -1.5), 2 * 1.5 + 2);
  eddy_check("double.grad",
             eddy::gradient([](double x) { return classified(x); }, -0.5), 1.0 + 2);
  eddy_check_tol("float.neg", eddy::derivative(eddy::fn<classified<float>>, -1.5f), 2 * 1.5 + 2,
                 EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

// CHECK: ALL OK

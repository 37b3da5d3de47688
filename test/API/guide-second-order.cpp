// The second-order example of docs/user-guide.md (section 5), verbatim.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <array>

int main() {
  { // 5. hvp, hessian
    auto f = [](const std::array<double, 2> &x) { return x[0] * x[0] * x[1]; };
    std::array<double, 2> x{1.0, 2.0}, v{1.0, 0.0};
    auto hv = eddy::hvp(f, x, v);                         // H · v
    auto H = eddy::hessian(f, x);                         // std::array<std::array<double,2>,2>
    eddy_check("guide.hvp", hv[1], 2.0);
    eddy_check("guide.hessian", H[0][0], 4.0);
  }
  return eddy_summary();
}

// CHECK: OK guide.hessian
// CHECK: ALL OK

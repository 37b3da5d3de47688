// Inner requests whose `[=]` lambda copies a std::vector: the outer request
// differentiates that copy. Refused before at some levels only ("cannot tell
// whether this memcpy/memmove copies floating-point data or pointers"):
//  - at -O2/-O3 the vector's copy is inlined into a memmove into a fresh
//    block that only the inner request's code reads; the standard library's
//    names now tell the element type (ElementType.cpp, copiedElementType);
//  - at -O0 eddy.hpp's tuple of argument holders is moved by a memcpy in
//    std::_Head_base's constructor, whose pointers are arguments; the record
//    layout now comes from its callers (FieldLayout.cpp).
// Checked against the analytic derivatives at every level.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <vector>

// The inner derivative, d/dz [z * sum w_i^2] at z = 1, is sum w_i^2; its
// gradient in w is 2 w.
static double sum_of_squares(const std::vector<double> &w) {
  return eddy::derivative([=](double z) {
    double s = 0;
    for (double e : w)
      s += e * e;
    return z * s;
  }, 1.0);
}

int main() {
  std::vector<double> w = {1.5, -2.0, 3.0};
  auto g = eddy::gradient(eddy::fn<sum_of_squares>, w);
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(g[i], 2 * w[i], EDDY_RTOL_EXACT, EDDY_ATOL_EXACT, "gradient of a copied vector [%d]", i, 0);

  // v = (x, 2x, x^2) copied into the inner lambda: d/dx sum v_i^2 =
  // 2x + 8x + 4x^3 = 10x + 4x^3.
  const double x = 0.7;
  eddy_check("derivative of a copied local vector",
             eddy::derivative([&](double t) {
               std::vector<double> v = {t, 2 * t, t * t};
               return eddy::derivative([=](double z) {
                 double s = 0;
                 for (double e : v)
                   s += e * e;
                 return z * s;
               }, 1.0);
             }, x),
             10 * x + 4 * x * x * x);
  eddy_summary();
}

// CHECK: ALL OK (4 checks)

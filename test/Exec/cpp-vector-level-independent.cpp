// Four std::vector programs whose verdict used to depend on the optimization
// level; each is now accepted at -O0 to -O3 with the analytic derivative.
//  - `std::vector<double> v(w, w + n)` of a vector argument: at -O1 and above
//    the copies are inlined into a memmove into a fresh `new` block that only
//    the next copy reads, and Eddy could not tell what it held (it now looks
//    through copies, ElementType.cpp).
//  - a range-for over a constant vector (enzyme_const, or captured by a
//    lambda), std::vector::reserve and std::string, and a constant
//    `const float *` passed as eddy::constant: at -O0 their iterators and
//    temporaries are locals passed by address to calls that are not inlined;
//    such a local holding pointers got a shadow, and storing a constant
//    pointer into it was refused. A local holding only pointers now gets a
//    shadow only once an active value may be stored into it
//    (ActivityAnalysis.cpp).
//
// The float checks agree across levels to float rounding (1 ulp ~ 6e-8), hence --rtol.
// RUN: %levels --rtol=1e-6 %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// Under --param eddy_sanitize=1 (ASan + UBSan) the by-value vector copy of
// product_of_copy was refused at -O3 (and, before, -O1): "cannot tell whether
// this memcpy/memmove copies floating-point data or pointers". UBSan's checks
// keep std::vector<double>'s copy constructor out of line, and nothing in it
// says what its memmove copies; the vector's element type now does
// (ElementType.cpp, copiedElementType).
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>
#include <string>
#include <vector>

#define TOL EDDY_RTOL_EXACT, EDDY_ATOL_EXACT

// 1. A copy of the input vector by iterators and by pointers.
static double product_of_copy(std::vector<double> w) {
  std::vector<double> v(w.data(), w.data() + w.size());
  std::vector<double> u(v.begin(), v.end());
  return u[0] * u[1] * u[2];
}
static double squares_of_copy(const double *w, int n) {
  std::vector<double> v(w, w + n);
  double s = 0;
  for (double e : v)
    s += e * e;
  return s;
}

// 2. A range-for over a constant vector.
static double weighted(double x, const std::vector<double> *c) {
  double s = 0;
  for (double e : *c)
    s += e * x * x;
  return s;
}

// 3. reserve, and a std::string whose length is used.
static double reserved(double x) {
  std::vector<double> v;
  v.reserve(4);
  v.push_back(x);
  v.push_back(x * x);
  return v[0] * v[1]; // x^3
}
static double with_string(double x) {
  std::string s = "hello";
  return x * x * (double)s.size(); // 5 x^2
}

// 4. A constant pointer argument through eddy.hpp.
static float with_table(float x, const float *pz) { return x * x * pz[0] + pz[1] * x; }

int main() {
  std::vector<double> w = {1.5, -2.0, 0.5};
  auto g = eddy::gradient(eddy::fn<product_of_copy>, w);
  eddy_check_tol("copy.rev[0]", g[0], w[1] * w[2], TOL);
  eddy_check_tol("copy.rev[1]", g[1], w[0] * w[2], TOL);
  eddy_check_tol("copy.rev[2]", g[2], w[0] * w[1], TOL);
  auto J = eddy::jacobian(eddy::forward, eddy::fn<product_of_copy>, w);
  eddy_check_tol("copy.fwd[1]", J[0][1], w[0] * w[2], TOL);

  double a[3] = {1.5, -2.0, 0.5}, da[3] = {0, 0, 0};
  __enzyme_autodiff((void *)squares_of_copy, a, da, 3);
  double ta[3] = {0, 1, 0};
  for (int i = 0; i < 3; ++i)
    eddy_checkf_tol(da[i], 2 * a[i], TOL, "squares.rev[%d]", i, 0);
  eddy_check_tol("squares.fwd", __enzyme_fwddiff((void *)squares_of_copy, a, ta, 3),
                 2 * a[1], TOL);

  const std::vector<double> c = {1, 2, 3};
  double x = 1.5;
  eddy_check_tol("const-vector.rev",
                 __enzyme_autodiff((void *)weighted, x, enzyme_const, &c), 12 * x, TOL);
  eddy_check_tol("const-vector.fwd",
                 __enzyme_fwddiff((void *)weighted, x, 1.0, enzyme_const, &c), 12 * x, TOL);
  auto captured = [&c](double y) {
    double s = 0;
    for (double e : c)
      s += e * y * y;
    return s;
  };
  eddy_check_tol("captured.fwd", eddy::derivative(captured, x), 12 * x, TOL);
  eddy_check_tol("captured.rev", eddy::gradient(captured, x), 12 * x, TOL);

  eddy_check_tol("reserve.fwd", eddy::derivative(eddy::fn<reserved>, x), 3 * x * x, TOL);
  eddy_check_tol("reserve.rev", eddy::gradient(eddy::fn<reserved>, x), 3 * x * x, TOL);
  eddy_check_tol("string.fwd", eddy::derivative(eddy::fn<with_string>, x), 10 * x, TOL);
  eddy_check_tol("string.rev", eddy::gradient(eddy::fn<with_string>, x), 10 * x, TOL);

  const float z[2] = {3, 4};
  const float *pz = z;
  float xf = 1.5f;
  eddy_check_tol("const-pointer.fwd",
                 eddy::derivative(eddy::fn<with_table>, xf, eddy::constant(pz)),
                 2 * 1.5 * 3 + 4, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("const-pointer.rev",
                 eddy::gradient(eddy::fn<with_table>, xf, eddy::constant(pz)),
                 2 * 1.5 * 3 + 4, EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  return eddy_summary();
}

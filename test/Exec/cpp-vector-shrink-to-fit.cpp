// std::vector::shrink_to_fit inside a forward derivative. libstdc++ copies the
// elements inside `try { ... } catch (...) { return false; }`, so its calls
// stay invokes whose landing pad resumes normal code (Canonicalize.cpp keeps
// them). Forward mode follows them like branches: the tangent code of an
// invoke starts its normal destination. At -O2 the shadow allocation used to
// be placed after the invoke, and InstCombine crashed on the block without a
// terminator; at -O0 the same program was refused ("a call that may throw an
// exception"). Now it is accepted at every level, with the analytic
// derivative. (Reverse mode refuses such invokes at every level: see
// docs/user-guide.md, "Exceptions".)
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <cmath>
#include <vector>

// The program: reserve(10); push_back(x); shrink_to_fit().
static double shrunk(double x) {
  std::vector<double> v;
  v.reserve(10);
  v.push_back(x);
  v.shrink_to_fit();
  return v[0] * v[0] * x; // x^3
}

// Several elements that depend on x survive the shrink; the capacity is an
// integer, never differentiated.
static double shrunk_many(double x) {
  std::vector<double> v;
  v.reserve(16);
  for (int i = 1; i <= 4; ++i)
    v.push_back(std::sin(i * x));
  v.shrink_to_fit();
  double s = 0;
  for (double e : v)
    s += e * e;
  return s * (double)v.capacity(); // capacity() == 4 after the shrink
}

int main() {
  for (double x : {0.7, -1.3, 2.0}) {
    eddy_check_tol("shrunk", eddy::derivative(eddy::fn<shrunk>, x), 3 * x * x,
                   EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
    double ref = 0;
    for (int i = 1; i <= 4; ++i)
      ref += 2 * std::sin(i * x) * std::cos(i * x) * i;
    eddy_check_tol("shrunk_many", eddy::derivative(eddy::fn<shrunk_many>, x), 4 * ref,
                   EDDY_RTOL_EXACT, EDDY_ATOL_EXACT);
  }
  return eddy_summary();
}

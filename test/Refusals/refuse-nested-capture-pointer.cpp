// A lambda inside a differentiated lambda that captures by reference a
// (non-const) variable and passes it on to an inner request: the inner
// request's closure holds a pointer into the outer request's constant
// closure. At -O1 InstCombine stored that pointer as an integer, the
// refusal did not see it and the program crashed; now it is refused at
// every level (Canonicalize.cpp, storePointersAsPointers). Passing y as an
// argument of the outer request works (test/API/nested-lambdas.cpp).
// RUN: not %eddy-clangxx -std=c++17 -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.hpp>
#include <cmath>

double second(double x0) {
  double y = 1.7;
  return eddy::derivative([&](double x) {
    return eddy::derivative([](double t, double yy) { return std::sin(t * yy); }, x, y);
  }, x0);
}
// CHECK: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; give that memory a shadow (enzyme_dup) or keep it out of the differentiated data

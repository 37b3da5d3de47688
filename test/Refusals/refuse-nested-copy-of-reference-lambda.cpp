// An inner [=] lambda inside a differentiated lambda that copies a lambda
// capturing by reference: the copy holds pointers into memory that is not
// differentiated (the outer request's constant closure), which would have
// no shadow. It crashed at every level (a memcpy at -O0, an integer copy at
// -O1..-O3, both lost the pointer's shadow); now it is refused at the inner
// lambda at every level. Remedy: capture y by value, or pass it as an
// argument (test/API/nested-lambdas.cpp).
// RUN: not %eddy-clangxx -std=c++17 -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
#include <eddy/eddy.hpp>
#include <cmath>

static double f(double z, double y) { return std::sin(z * y) + z * z * y; }

double second(double y, double z) {
  auto g = [&](double t) { return f(t, y); };
  return eddy::derivative([&](double x) {
    // CHECK: refuse-nested-copy-of-reference-lambda.cpp:[[@LINE+1]]:15: error: eddy: {{a pointer to memory that is not differentiated is stored|memory that is not differentiated and holds pointers is copied}} into differentiated memory
    auto h = [=](double t) { return g(t); };
    return eddy::derivative(h, x);
  }, z);
}

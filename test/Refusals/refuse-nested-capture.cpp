// A lambda inside a differentiated lambda that captures by reference a
// variable the outer lambda captured (by reference or by value) stores a
// pointer into the outer request's constant closure into differentiated
// memory, which Eddy cannot give a shadow: refused at the inner lambda, with
// the remedy, at every level. Capturing it by value, or passing it as an
// argument, works (test/API/nested-lambdas.cpp).
// RUN: not %eddy-clangxx -std=c++17 -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O0 -DVALUE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VALUE --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O1 -DVALUE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VALUE --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O2 -DVALUE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VALUE --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -std=c++17 -O3 -DVALUE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VALUE --implicit-check-not="PLEASE submit"
#include <eddy/eddy.hpp>
#include <cmath>

static double f(double z, double y) { return std::sin(z * y) + z * z * y; }

#ifndef VALUE
double by_reference(double y, double z) {
  return eddy::derivative([&](double x) {
    // CHECK: refuse-nested-capture.cpp:[[@LINE+1]]:29: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; give that memory a shadow (enzyme_dup) or keep it out of the differentiated data; in C++, a lambda inside a differentiated lambda cannot capture by reference a variable that the outer lambda captured: capture it by value ([=] or [name]) or pass it as an argument
    return eddy::derivative([&](double t) { return f(t, y); }, x);
  }, z);
}

#else
double by_value_then_reference(double y, double z) {
  return eddy::derivative([=](double x) {
    // VALUE: refuse-nested-capture.cpp:[[@LINE+1]]:29: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; {{.*}} capture it by value ([=] or [name]) or pass it as an argument
    return eddy::derivative([&](double t) { return f(t, y); }, x);
  }, z);
}
#endif

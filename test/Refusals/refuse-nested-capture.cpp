// A lambda inside a differentiated lambda that captures by reference both a
// variable the outer request differentiates and one the outer lambda
// captured holds a pointer with a shadow next to one without (the outer
// request's closure is constant): Eddy cannot give that lambda object a
// shadow, so this is refused at the inner lambda, with the remedy, at every
// level. Capturing only outer captures by reference works, as does capturing
// them by value or passing them as arguments (test/API/nested-lambdas.cpp).
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
double by_reference(double y, double z, double w) {
  return eddy::derivative([&](double yy) {
    // CHECK: refuse-nested-capture.cpp:[[@LINE+1]]:29: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; give that memory a shadow (enzyme_dup) or keep it out of the differentiated data; in C++, a lambda inside a differentiated lambda cannot capture by reference both a variable that the outer lambda captured and one that the outer request differentiates: capture the former by value ([=] or [name]) or pass it as an argument
    return eddy::derivative([&](double t) { return f(t, yy) * w; }, z);
  }, y);
}

#else
double by_value_then_reference(double y, double z, double w) {
  return eddy::derivative([=](double yy) {
    // VALUE: refuse-nested-capture.cpp:[[@LINE+1]]:29: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; {{.*}} capture the former by value ([=] or [name]) or pass it as an argument
    return eddy::derivative([&](double t) { return f(t, yy) * w; }, z);
  }, y);
}
#endif

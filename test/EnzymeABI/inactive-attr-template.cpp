// Enzyme's enzyme_inactive attribute inside templates: on a function
// template, on a class template's static member function and static data
// member, each instantiation is inactive, at every level.
//
// RUN: %levels %eddy-clangxx -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

template <typename T> __attribute__((enzyme_inactive)) T doubled(T a) { return 2 * a; }

template <typename T> struct Counter {
  [[enzyme::inactive]] static T scaled(T a) { return 5 * a; }
  __attribute__((enzyme_inactive_noblock)) static T total;
  __attribute__((noinline)) static void add(T a, T *c) {
    total += a;
    *c *= a;
  }
};
template <typename T> T Counter<T>::total = 0;

static double f(double a) {
  double c = 1.0;
  Counter<double>::add(a, &c); // c = a, total += a
  return c * a + doubled(a) + Counter<double>::scaled(a);
}

int main() {
  double a = 0.75;
  eddy_check("rev", __enzyme_autodiff((void *)f, a), 2 * a);
  eddy_check("fwd", __enzyme_fwddiff((void *)f, a, 1.0), 2 * a);
  Counter<double>::total = 0;
  eddy_check("primal", f(a), a * a + 7 * a);
  eddy_check("total", Counter<double>::total, a);
  return eddy_summary();
}

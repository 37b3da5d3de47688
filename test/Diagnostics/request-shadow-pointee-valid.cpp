// C++ forms of shadows that fit: template instantiations, std::vector's
// data(), std::array, references, a derived class for its base, typed entry
// points. Compiled at every level.
// RUN: %eddy-clangxx -std=c++17 -fsyntax-only -Xclang -verify %s
// RUN: %eddy-clangxx -std=c++17 -O0 -c %s -o %t.o
// RUN: %eddy-clangxx -std=c++17 -O1 -c %s -o %t.o
// RUN: %eddy-clangxx -std=c++17 -O2 -c %s -o %t.o
// RUN: %eddy-clangxx -std=c++17 -O3 -c %s -o %t.o
// expected-no-diagnostics
#include "eddy/eddy.h"
#include <array>
#include <vector>

template <class T> T sum(const T *a, int n) {
  T s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}
struct Base { double k; };
struct Derived : Base { int tag; };
double energy(const Base &b) { return b.k * b.k; }
double twice(double &x) { return 2 * x * x; }
void __enzyme_autodiff_typed(void *, const double *, double *, int);

template <class T> void grad(std::vector<T> &x, std::vector<T> &dx) {
  __enzyme_autodiff((void *)sum<T>, x.data(), dx.data(), int(x.size()));
}

void requests(std::vector<double> &x, std::vector<double> &dx,
              std::vector<float> &xf, std::vector<float> &dxf) {
  grad(x, dx);
  grad(xf, dxf);
  std::array<double, 3> a{1, 2, 3}, da{};
  __enzyme_autodiff((void *)sum<double>, a.data(), da.data(), 3);
  Derived d{}, dd{};
  __enzyme_autodiff((void *)energy, &d, &dd);
  double v = 1, dv = 0;
  __enzyme_autodiff((void *)twice, &v, &dv);
  __enzyme_autodiff_typed((void *)sum<double>, a.data(), da.data(), 3);
}

// A C-variadic member function that reads its `...` arguments with va_arg,
// called with values that depend on the differentiated inputs, is refused at
// the call at every optimization level (a function that calls va_start is
// never inlined, so the verdict cannot depend on the level). One that never
// reads them is differentiated: test/Exec/cpp-variadic-member.cpp.
// RUN: not %eddy-clangxx -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <cstdarg>
double __enzyme_autodiff(void *, ...);
extern int enzyme_const;

struct Summer {
  double k;
  double sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; ++i)
      s += va_arg(ap, double);
    va_end(ap);
    return k * s;
  }
};

double f(double x, double y) {
  Summer s{2.0};
  // CHECK: refuse-variadic-va-arg.cpp:[[@LINE+1]]:12: error: eddy: call to variadic function 'Summer::sum(int, ...)' with values that depend on the differentiated inputs; Eddy cannot follow values read with va_arg {{.*}} pass them as an array (a pointer and a count) instead (while differentiating 'f(double, double)')
  return s.sum(2, x * x, x * y);
}

double g(double x) { return __enzyme_autodiff((void *)f, x, enzyme_const, 2.0); }

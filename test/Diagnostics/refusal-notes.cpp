// A refusal deep inside the differentiated code points at the construct,
// then notes the chain that led there, innermost first, like Clang's
// template instantiation notes: each differentiated function with the call
// that needed its derivative, and finally the request.
// RUN: not %eddy-clangxx -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clangxx -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=O2 --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

double ext(double); // No body, no rule.

template <class T> __attribute__((noinline)) T scale(T x) {
  // CHECK: refusal-notes.cpp:[[@LINE+2]]:{{[0-9]+}}: error: eddy: call to 'ext(double)', whose body is not visible and for which Eddy has no derivative rule; define it in this translation unit, or mark it inactive if no derivative flows through it (while differentiating 'double scale<double>(double)')
  // O2: refusal-notes.cpp:[[@LINE+1]]:{{[0-9]+}}: error: eddy: call to 'ext(double)'
  return ext(x) * x;
}

__attribute__((noinline)) double model(double x) {
  // CHECK: refusal-notes.cpp:[[@LINE+2]]:{{[0-9]+}}: note: while differentiating 'double scale<double>(double)', called here from 'model(double)'
  // O2: refusal-notes.cpp:[[@LINE+1]]:{{[0-9]+}}: note: while differentiating 'double scale<double>(double)', called here from 'model(double)'
  return scale(x) + x;
}

double gradient(double x) {
  // CHECK: refusal-notes.cpp:[[@LINE+2]]:{{[0-9]+}}: note: while differentiating 'model(double)', requested here
  // O2: refusal-notes.cpp:[[@LINE+1]]:{{[0-9]+}}: note: while differentiating 'model(double)', requested here
  return __enzyme_autodiff((void *)model, x);
}

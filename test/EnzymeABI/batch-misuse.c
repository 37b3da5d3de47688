// Misuse of __enzyme_batch is a compile error at the argument that is wrong,
// before any code is generated (so the same at every -O level).
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>

typedef struct { double r[2]; } D2;
D2 __enzyme_batch(void *, ...);

double f(double g, double x) { return g * x; }
void fill(double *p, int n) { p[0] = n; }

D2 use(int n, double a, double b, double *p, double *q) {
  D2 r;
  // CHECK: batch-misuse.c:[[@LINE+1]]:33: error: __enzyme_batch needs 'enzyme_width, N' right after the function: N is the number of lanes
  r = __enzyme_batch((void *)f, a, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:47: error: 'enzyme_width' must be followed by a constant width between 1 and 64
  r = __enzyme_batch((void *)f, enzyme_width, n, a, b, a, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:47: error: 'enzyme_width' must be followed by a constant width between 1 and 64
  r = __enzyme_batch((void *)f, enzyme_width, 65, a, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:65: error: 'enzyme_vector' parameter 'g' of 'f' takes 2 values, one per lane (enzyme_width 2); got 1
  r = __enzyme_batch((void *)f, enzyme_width, 2, enzyme_vector, a, enzyme_scalar, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:68: error: vector parameter 'x' of 'f' takes 3 values, one per lane (enzyme_width 3); got 2
  r = __enzyme_batch((void *)f, enzyme_width, 3, enzyme_scalar, a, b, a);
  // CHECK: batch-misuse.c:[[@LINE+1]]:50: error: 'enzyme_dup' is not a batch marker; use enzyme_vector (one value per lane), enzyme_scalar (one value for all lanes) or enzyme_buffer (stride, pointer)
  r = __enzyme_batch((void *)f, enzyme_width, 2, enzyme_dup, a, b, a, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:62: error: too many arguments in batch request for 'f': 1 left after its 2 parameter(s)
  r = __enzyme_batch((void *)f, enzyme_width, 2, a, b, a, b, a);
  // CHECK: batch-misuse.c:[[@LINE+1]]:50: error: argument for parameter 'g' of 'f' is an integer, but a floating-point value is expected; variadic arguments are not converted: write a floating-point literal such as 2.0
  r = __enzyme_batch((void *)f, enzyme_width, 2, 1, 2, a, b);
  // CHECK: batch-misuse.c:[[@LINE+1]]:69: error: 'enzyme_buffer' on parameter 'p' of 'fill' must be followed by the stride in bytes (an integer), then the pointer
  __enzyme_batch_void((void *)fill, enzyme_width, 2, enzyme_buffer, p, 3);
  // CHECK: batch-misuse.c:[[@LINE+1]]:60: error: 'enzyme_buffer' marks parameter 'n' of 'fill', which is not a pointer
  __enzyme_batch_void((void *)fill, enzyme_width, 2, p, q, enzyme_buffer, 8, 3);
  return r;
}

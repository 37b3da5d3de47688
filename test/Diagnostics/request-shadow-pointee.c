// A shadow (or tangent, or value) of a pointer parameter must point to the
// parameter's element type: Eddy reads and writes it as that type, so a
// float or int array for a double * parameter gave garbage (or a crash).
// Every slot that holds a pointer is checked, in both modes and with
// enzyme_width; the error is at the argument, at every -O level.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
#include "eddy/eddy.h"

double sum(double *a, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}
typedef struct { double x, y; } Vec2;
typedef struct { float x, y; } Vec2f;
double norm(const Vec2 *v) { return v->x * v->x + v->y * v->y; }
double deref(double **p) { return p[0][0] * p[0][0]; }
void scale(double *y, const double *x) { y[0] = 2 * x[0]; }
typedef struct { double t[2]; } T2;
T2 __enzyme_fwddiff_t2(void *, ...);

void requests(double *a, float *fa, Vec2 *v, Vec2f *vf, double **pp, float **fpp) {
  float df[3] = {0};
  int di[3] = {0};
  double d[3] = {0};
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:37: error: the shadow of parameter 'a' of 'sum' points to 'float', but 'a' points to 'double', and Eddy reads and writes it as 'double'; pass memory of type 'double' (a void * or char * buffer is taken as it is)
  __enzyme_autodiff((void *)sum, a, df, 3);
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:49: error: the shadow of parameter 'a' of 'sum' points to 'int', but 'a' points to 'double'
  __enzyme_autodiff((void *)sum, enzyme_dup, a, di, 3);
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:55: error: the shadow of parameter 'a' of 'sum' points to 'float', but 'a' points to 'double'
  __enzyme_autodiff((void *)sum, enzyme_dupnoneed, a, fa, 3);
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:34: error: the argument for parameter 'a' of 'sum' points to 'float', but 'a' points to 'double'
  __enzyme_autodiff((void *)sum, fa, d, 3);
  // The second of two vector-mode shadows.
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:57: error: the shadow of parameter 'a' of 'sum' points to 'float', but 'a' points to 'double'
  __enzyme_autodiff((void *)sum, enzyme_width, 2, a, d, df, 3);
  // Forward mode: the tangent array of a pointer parameter.
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:36: error: the shadow of parameter 'a' of 'sum' points to 'float', but 'a' points to 'double'
  __enzyme_fwddiff((void *)sum, a, df, 3);
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:59: error: the shadow of parameter 'a' of 'sum' points to 'int', but 'a' points to 'double'
  __enzyme_fwddiff_t2((void *)sum, enzyme_width, 2, a, d, di, 3);
  // Structs: another struct type is another layout.
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:38: error: the shadow of parameter 'v' of 'norm' points to 'Vec2f', but 'v' points to 'Vec2'
  __enzyme_autodiff((void *)norm, v, vf);
  // Pointer to pointer: the pointee of the pointee counts too.
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:40: error: the shadow of parameter 'p' of 'deref' points to 'float *', but 'p' points to 'double *'
  __enzyme_autodiff((void *)deref, pp, fpp);
  // An output parameter of a void function.
  // CHECK: request-shadow-pointee.c:[[@LINE+1]]:44: error: the shadow of parameter 'y' of 'scale' points to 'float', but 'y' points to 'double'
  __enzyme_autodiff_void((void *)scale, d, df, a, d);
}

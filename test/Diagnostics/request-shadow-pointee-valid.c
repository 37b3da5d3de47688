// Shadows that fit their parameters are accepted (compiled, not only
// parsed, at every level): the same element type through typedefs and
// qualifiers, arrays that decay, a C `T[]` parameter, a pointer to a whole
// array, `void *` and `char *` buffers, pointers to pointers.
// RUN: %eddy-clang -fsyntax-only -Xclang -verify %s
// RUN: %eddy-clang -O0 -c %s -o %t.o
// RUN: %eddy-clang -O1 -c %s -o %t.o
// RUN: %eddy-clang -O2 -c %s -o %t.o
// RUN: %eddy-clang -O3 -c %s -o %t.o
// expected-no-diagnostics
#include "eddy/eddy.h"

typedef double real;
typedef struct { double x, y; } Vec2;
typedef Vec2 Point;

double sum(const double a[], int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += a[i] * a[i];
  return s;
}
double norm(const Vec2 *v) { return v->x * v->x + v->y * v->y; }
double deref(double *const *p) { return p[0][0] * p[0][0]; }
double row(double (*m)[3]) { return m[0][0] * m[0][1]; }
double any(void *p) { return *(double *)p; }

void requests(double *a, const double *ca, real *ra, Point *pt, double **pp,
              double **dpp) {
  real d[3] = {0};
  double m[2][3] = {{0}}, dm[2][3] = {{0}};
  char bytes[3 * sizeof(double)];
  unsigned char ubytes[3 * sizeof(double)];
  __enzyme_autodiff((void *)sum, a, d, 3);          // double[] <- real[3]
  __enzyme_autodiff((void *)sum, ca, ra, 3);        // const double * value
  __enzyme_autodiff((void *)sum, enzyme_dupnoneed, a, (void *)d, 3);
  __enzyme_autodiff((void *)sum, a, bytes, 3);      // a char buffer
  __enzyme_autodiff((void *)sum, a, ubytes, 3);
  __enzyme_autodiff((void *)sum, a, &d, 3);         // double (*)[3]
  __enzyme_autodiff((void *)sum, enzyme_width, 2, a, d, ra, 3);
  __enzyme_fwddiff((void *)sum, a, d, 3);
  __enzyme_autodiff((void *)norm, pt, pt);          // typedef of the struct
  __enzyme_autodiff((void *)deref, pp, dpp);        // qualifiers inside
  __enzyme_autodiff((void *)row, m, dm);
  __enzyme_autodiff((void *)any, a, d);             // void * parameter
}

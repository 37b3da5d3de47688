// Batch mode (__enzyme_batch, no derivative): N lanes of a function in one
// call. Vector arguments give each lane its own value (the default, or
// enzyme_vector), scalar arguments one value for all (enzyme_scalar),
// enzyme_buffer a strided pointer. Results come back as a struct of N
// (in registers, <2 x float>, or through sret), void functions write through
// their lanes' pointers, and a function that returns a large struct gets a
// return slot per lane. Every lane is checked against a plain call.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { double r[4]; } D4;   // 32 bytes: returned through sret
typedef struct { double a, b; } D2;   // two doubles: in registers
typedef struct { float a, b; } F2;    // two floats: <2 x float>
typedef struct { long k[3]; } L3;
typedef struct { double v[3]; } Big; // f's own result through sret
typedef struct { Big b[2]; } Big2;

D4 __enzyme_batch(void *, ...);
D2 __enzyme_batch_d2(void *, ...);
F2 __enzyme_batch_f2(void *, ...);
L3 __enzyme_batch_l3(void *, ...);
Big2 __enzyme_batch_big2(void *, ...);
double __enzyme_batch_w1(void *, ...);

static double f(double g, double x) { return g * exp(-x * x) + sin(g) * x; }
static float ff(float x) { return x * x * 0.5f + 1.0f; }
static long count_positive(const double *v, int n) {
  long c = 0;
  for (int i = 0; i < n; ++i)
    c += v[i] > 0;
  return c;
}
// A void function writing its result through a pointer.
static void axpy(double a, const double *x, double *y, int n) {
  for (int i = 0; i < n; ++i)
    y[i] += a * x[i];
}
static Big spread(double x, double h) {
  Big b = {{x - h, x, x + h * x}};
  return b;
}

int main(void) {
  double g = 0.7, x[4] = {-1.0, 0.25, 1.5, 3.0};

  D4 r = __enzyme_batch((void *)f, enzyme_width, 4, enzyme_scalar, g,
                        enzyme_vector, x[0], x[1], x[2], x[3]);
  for (int k = 0; k < 4; ++k)
    eddy_check("f.scalar_g", r.r[k], f(g, x[k]));
  // Both vector, by default.
  r = __enzyme_batch((void *)f, enzyme_width, 4, 0.1, 0.2, 0.3, 0.4, x[0], x[1], x[2], x[3]);
  eddy_check("f.vector.0", r.r[0], f(0.1, x[0]));
  eddy_check("f.vector.3", r.r[3], f(0.4, x[3]));
  D2 r2 = __enzyme_batch_d2((void *)f, enzyme_width, 2, enzyme_vector, 1.0, 2.0, enzyme_scalar, x[2]);
  eddy_check("f.d2.0", r2.a, f(1.0, x[2]));
  eddy_check("f.d2.1", r2.b, f(2.0, x[2]));
  // Width 1 is one plain evaluation.
  eddy_check("f.w1", __enzyme_batch_w1((void *)f, enzyme_width, 1, g, x[1]), f(g, x[1]));

  // float arguments are promoted to double by the variadic call and
  // converted back; two float results come back as <2 x float>.
  F2 rf = __enzyme_batch_f2((void *)ff, enzyme_width, 2, 1.5f, -2.0f);
  eddy_check_tol("ff.0", rf.a, ff(1.5f), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);
  eddy_check_tol("ff.1", rf.b, ff(-2.0f), EDDY_RTOL_FLOAT, EDDY_ATOL_FLOAT);

  // Pointers as vector arguments, an integer scalar, integer results.
  double v0[3] = {1, -2, 3}, v1[3] = {-1, -2, -3}, v2[3] = {4, 5, 6};
  L3 c = __enzyme_batch_l3((void *)count_positive, enzyme_width, 3, v0, v1, v2, enzyme_scalar, 3);
  eddy_check("count.0", (double)c.k[0], 2.0);
  eddy_check("count.1", (double)c.k[1], 0.0);
  eddy_check("count.2", (double)c.k[2], 3.0);

  // A void function: each lane writes through its own y; x is shared.
  double xs[3] = {1.0, 2.0, 3.0};
  double y0[3] = {0, 0, 0}, y1[3] = {1, 1, 1};
  __enzyme_batch_void((void *)axpy, enzyme_width, 2, enzyme_vector, 2.0, -1.0,
                      enzyme_scalar, xs, enzyme_vector, y0, y1, enzyme_scalar, 3);
  for (int i = 0; i < 3; ++i) {
    eddy_check("axpy.lane0", y0[i], 2.0 * xs[i]);
    eddy_check("axpy.lane1", y1[i], 1.0 - xs[i]);
  }

  // enzyme_buffer: one base pointer, lane k at + k * stride bytes (here the
  // rows of a matrix).
  double rows[2][3] = {{0, 0, 0}, {10, 10, 10}};
  __enzyme_batch_void((void *)axpy, enzyme_width, 2, enzyme_vector, 1.0, 0.5,
                      enzyme_scalar, xs, enzyme_buffer, (long)sizeof rows[0], &rows[0][0],
                      enzyme_scalar, 3);
  for (int i = 0; i < 3; ++i) {
    eddy_check("buffer.row0", rows[0][i], xs[i]);
    eddy_check("buffer.row1", rows[1][i], 10 + 0.5 * xs[i]);
  }

  // f returns a struct through memory: each lane gets its own slot.
  Big2 b = __enzyme_batch_big2((void *)spread, enzyme_width, 2, 1.0, 2.0, enzyme_scalar, 0.5);
  for (int k = 0; k < 2; ++k) {
    Big want = spread(k + 1.0, 0.5);
    for (int i = 0; i < 3; ++i)
      eddy_check("spread", b.b[k].v[i], want.v[i]);
  }
  return eddy_summary();
}
// CHECK: ALL OK

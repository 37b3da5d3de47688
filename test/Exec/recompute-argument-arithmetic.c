// Additions, subtractions, multiplications and negations of a function's
// arguments and constants are recomputed by the adjoint, which has the
// arguments, instead of being stored by the forward sweep (ReverseSweep.cpp,
// recomputableFromArguments): the record of `g` keeps `c`, the results of
// `sin` and `exp`, and `a * c` (a product with a value computed by calls),
// but not `a * b` (which cos(a * b) needs) or `b - a` (which log's derivative
// needs). In a loop, `w * w` (at -O0 computed in every iteration) is not taped
// either. Numbers against the analytic gradient at every level.
// RUN: %levels %eddy-clang %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %eddy-clang -O0 -c -Rpass=eddy %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=RECORD
#include <math.h>
#include <stdio.h>
double __enzyme_autodiff(void *, ...);

// RECORD: recompute-argument-arithmetic.c:[[@LINE+1]]:1: remark: reverse mode of 'g' (called from a derivative): the record keeps 4 values (32 bytes) once per call: a sum at [[@LINE+3]]:32, `sin(a * b)` at [[@LINE+4]]:10, a product at [[@LINE+4]]:33, `exp(-(a * a) + 0.25 * b)` at [[@LINE+3]]:7 [-Rpass=eddy]
__attribute__((noinline)) static double g(double a, double b) {
  double c =
      exp(-(a * a) + 0.25 * b) + log(b - a);
  return sin(a * b) * c + cos(a * c);
}

// RECORD: recompute-argument-arithmetic.c:[[@LINE+4]]:3: remark: reverse mode of 'h' (called from a derivative): the tape stores 2 values (16 bytes) per iteration of this loop: `sin(x[i])` at [[@LINE+5]]:10 (8 bytes), `x[i]` at [[@LINE+5]]:14 (8 bytes) [-Rpass=eddy]
// RECORD: recompute-argument-arithmetic.c:[[@LINE+3]]:3: remark: reverse mode of 'h' (called from a derivative): instead of taping them, the adjoint of this loop gets the induction variable (recomputed from the loop counter) and recomputes 1 integer or address computation and 1 floating-point computation of the arguments [-Rpass=eddy]
__attribute__((noinline)) static double h(const double *x, int n, double w) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += sin(x[i]) * (w * w);
  return s;
}

double f(double a, double b) {
  double x[3] = {a, b, a * b};
  return g(a, b) + h(x, 3, b);
}

static void df_ref(double a, double b, double *da, double *db) {
  double c = exp(-(a * a) + 0.25 * b) + log(b - a);
  double dca = exp(-(a * a) + 0.25 * b) * (-2 * a) - 1 / (b - a);
  double dcb = exp(-(a * a) + 0.25 * b) * 0.25 + 1 / (b - a);
  // g = sin(ab) c + cos(a c)
  *da = cos(a * b) * b * c + sin(a * b) * dca - sin(a * c) * (c + a * dca);
  *db = cos(a * b) * a * c + sin(a * b) * dcb - sin(a * c) * (a * dcb);
  // h = (sin(a) + sin(b) + sin(a b)) b^2
  double S = sin(a) + sin(b) + sin(a * b);
  *da += (cos(a) + cos(a * b) * b) * b * b;
  *db += (cos(b) + cos(a * b) * a) * b * b + S * 2 * b;
}

static void check(const char *what, double got, double want) {
  printf("%s %s got %.17g want %.17g\n",
         fabs(got - want) <= 1e-12 * (1 + fabs(want)) ? "OK" : "FAIL", what, got, want);
}

typedef struct { double da, db; } Grad;
Grad __enzyme_autodiff_grad(void *, double, double) __asm__("__enzyme_autodiff");

int main(void) {
  double pts[3][2] = {{0.3, 1.7}, {-0.8, 0.4}, {1.1, 2.5}};
  for (int k = 0; k < 3; ++k) {
    double a = pts[k][0], b = pts[k][1], da, db;
    Grad G = __enzyme_autodiff_grad((void *)f, a, b);
    df_ref(a, b, &da, &db);
    // CHECK-COUNT-6: OK d
    check("da", G.da, da);
    check("db", G.db, db);
  }
  return 0;
}

// A struct returned by value that holds a pointer to differentiated data and
// a pointer the request marked enzyme_const: the struct is active, and the
// const pointer has no shadow to put in its shadow struct. Refused where the
// struct is built (a null shadow would let a derivative go through address
// zero once the pointer is taken out again), once, in both modes.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -DFORWARD -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -DFORWARD -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -DFORWARD -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -DFORWARD -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
extern int enzyme_const;
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

typedef struct { double *x; const double *w; } Pair;

__attribute__((noinline)) static Pair pair(double *x, const double *w) {
  Pair r = {x, w};
  // CHECK: refuse-struct-const-pointer.c:[[@LINE+1]]:3: error: eddy: a pointer to memory that is not differentiated (an argument marked enzyme_const, or memory reached through one) is put into a struct or array together with differentiated data; give that memory a shadow (enzyme_dup) or keep it out of the struct (while differentiating 'pair')
  return r;
}

static double f(double *x, const double *w) {
  // CHECK: [[@LINE+1]]:12: note: while differentiating 'pair', called here from 'f'
  Pair p = pair(x, w);
  return p.x[0] * p.w[0];
}

#ifdef FORWARD
double g(double *x, double *dx, const double *w) { return __enzyme_fwddiff((void *)f, x, dx, enzyme_const, w); }
#else
void g(double *x, double *dx, const double *w) { __enzyme_autodiff((void *)f, x, dx, enzyme_const, w); }
#endif

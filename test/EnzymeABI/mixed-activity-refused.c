// Mixed activity that stays refused: the bundle of an enzyme_const pointer
// and a differentiated one reaches a recursive helper, which no inlining can
// dissolve, and the helper reads the constant pointer back out of it. With
// no shadow for that pointer, a null one would be dereferenced by the
// derivative (and the primal pointer as its shadow, Enzyme's fallback, would
// give wrong tangents), so the store is refused, at every level alike.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
extern int enzyme_const;
double __enzyme_autodiff(void *, ...);

typedef struct {
  const double *coef;
  double *state;
} Ctx;

static double walk(const Ctx *c, int lo, int hi) {
  if (hi - lo == 1)
    return c->coef[lo] * c->state[lo] * c->state[lo];
  int mid = (lo + hi) / 2;
  return walk(c, lo, mid) * walk(c, mid, hi);
}

double f(double *x, const double *w, int n) {
  // CHECK: mixed-activity-refused.c:[[@LINE+1]]:11: error: eddy: a pointer to memory that is not differentiated is stored into differentiated memory; give that memory a shadow (enzyme_dup) or keep it out of the differentiated data; in C++, a lambda inside a differentiated lambda cannot capture by reference both a variable that the outer lambda captured and one that the outer request differentiates: capture the former by value ([=] or [name]) or pass it as an argument (while differentiating 'f')
  Ctx c = {w, x};
  return walk(&c, 0, n);
}

void g(double *x, double *dx, const double *w, int n) {
  // CHECK: mixed-activity-refused.c:[[@LINE+1]]:3: note: while differentiating 'f', requested here
  __enzyme_autodiff((void *)f, x, dx, enzyme_const, w, n);
}

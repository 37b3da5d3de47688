// Checkpointed loops Eddy refuses, at every level, at the line that says why:
// a body writing through a pointer the loop itself advances (its state
// cannot be bounded before the loop starts), double buffering by swapping
// pointers, and binomial checkpointing of a loop whose trip count is
// unknown when it starts. One request per compilation (-DCASE).
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -DCASE=1 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LIST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -DCASE=2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SWAP --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
// RUN: for O in 0 1 2 3; do not %eddy-clang -O$O -DCASE=3 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=COUNT --implicit-check-not="error:" --implicit-check-not="PLEASE submit"; done
double __enzyme_autodiff(void *, ...);
double fabs(double);

#if CASE == 1
struct node {
  double v;
  struct node *next;
};

double scale_list(struct node *p, double x, int n) {
  double s = 0;
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int i = 0; i < n; ++i) {
    // LIST: refuse-unbounded.c:[[@LINE+1]]:10: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(binomial, ...)'): the loop writes memory at an address that Eddy cannot bound before the loop starts (it depends on values the loop computes, or on a loop whose trip count is unknown); only loops whose memory accesses are bounded before they start can be checkpointed
    p->v = p->v * x;
    s += p->v;
    p = p->next;
  }
  return s;
}
double g(struct node *p, struct node *dp, double x) {
  return __enzyme_autodiff((void *)scale_list, p, dp, x, 10);
}
#elif CASE == 2
// Which buffer a step writes depends on the step.
double swap_buffers(double *a, double *b, int n, double k) {
#pragma eddy checkpoint(periodic, every(4))
  for (int t = 0; t < 16; ++t) {
    for (int j = 1; j < n - 1; ++j)
      // SWAP: refuse-unbounded.c:[[@LINE+1]]:12: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(periodic, ...)'): the loop writes memory at an address that Eddy cannot bound
      b[j] = a[j] + k * (a[j - 1] - 2 * a[j] + a[j + 1]);
    double *t2 = a;
    a = b;
    b = t2;
  }
  return a[1];
}
double g(double *a, double *da, double *b, double *db, double k) {
  return __enzyme_autodiff((void *)swap_buffers, a, da, b, db, 8, k);
}
#else
double until_small(double x) {
  // COUNT: refuse-unbounded.c:[[@LINE+1]]:1: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(binomial, ...)'): binomial checkpointing needs the loop's trip count when the loop starts, and Eddy cannot compute it; use '#pragma eddy checkpoint(online, snapshots(S))' for a loop that runs until a condition holds
#pragma eddy checkpoint(binomial, snapshots(4))
  while (fabs(x) > 1e-3)
    x = 0.5 * x;
  return x;
}
double g(double x) { return __enzyme_autodiff((void *)until_small, x); }
#endif

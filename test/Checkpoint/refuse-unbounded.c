// Checkpointed loops Eddy refuses, at every level, at the line that says why:
// a body writing through a pointer the loop itself advances (its state
// cannot be bounded before the loop starts), and binomial checkpointing of a
// loop whose trip count is unknown when it starts.
// RUN: not %eddy-clang -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
double __enzyme_autodiff(void *, ...);
double fabs(double);

struct node {
  double v;
  struct node *next;
};

double scale_list(struct node *p, double x, int n) {
  double s = 0;
#pragma eddy checkpoint(binomial, snapshots(4))
  for (int i = 0; i < n; ++i) {
    // CHECK: refuse-unbounded.c:[[@LINE+1]]:12: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(binomial, ...)'): the loop writes memory at an address that Eddy cannot bound before the loop starts (it depends on values the loop computes, or on a loop whose trip count is unknown); only loops whose memory accesses are bounded before they start can be checkpointed (while differentiating 'scale_list')
    p->v = p->v * x;
    s += p->v;
    p = p->next;
  }
  return s;
}

double until_small(double x) {
  // CHECK: refuse-unbounded.c:[[@LINE+1]]:9: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(binomial, ...)'): binomial checkpointing needs the loop's trip count when the loop starts, and Eddy cannot compute it; use '#pragma eddy checkpoint(online, snapshots(S))' for a loop that runs until a condition holds (while differentiating 'until_small')
#pragma eddy checkpoint(binomial, snapshots(4))
  while (fabs(x) > 1e-3)
    x = 0.5 * x;
  return x;
}

// Double buffering by swapping pointers: which buffer a step writes depends
// on the step.
double swap_buffers(double *a, double *b, int n, double k) {
#pragma eddy checkpoint(periodic, every(4))
  for (int t = 0; t < 16; ++t) {
    for (int j = 1; j < n - 1; ++j)
      // CHECK: refuse-unbounded.c:[[@LINE+1]]:12: error: eddy: cannot checkpoint this loop ('#pragma eddy checkpoint(periodic, ...)'): the loop writes memory at an address that Eddy cannot bound
      b[j] = a[j] + k * (a[j - 1] - 2 * a[j] + a[j + 1]);
    double *t2 = a;
    a = b;
    b = t2;
  }
  return a[1];
}

double g3(double *a, double *da, double *b, double *db, double k) {
  return __enzyme_autodiff((void *)swap_buffers, a, da, b, db, 8, k);
}

double g1(struct node *p, struct node *dp, double x) {
  return __enzyme_autodiff((void *)scale_list, p, dp, x, 10);
}
double g2(double x) { return __enzyme_autodiff((void *)until_small, x); }

// Loop-structured reversal: adjoint loops run on counters (set from SCEV's
// backedge count or from a count the forward sweep pushes once per loop
// execution), induction variables are rebuilt from the counters, and values
// computed once per outer iteration reach the inner adjoint loops through the
// outer iteration's frame. Each kernel's gradient is checked entry by entry
// against central differences and, as a whole, against the forward mode's
// directional derivative.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

typedef struct { int n, d; } Sizes;

// A packed triangle as in the GMM objective: the inner bound depends on the
// outer index (a backedge count that uses the outer counter), li grows
// quadratically (not an affine recurrence: it goes through the frame), and
// `a`, `xc` are computed once per outer iteration and used inside.
static double packed_triangle(const double *x, void *ctx) {
  const Sizes *S = (const Sizes *)ctx;
  int n = S->n, d = S->d;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double a = sin(x[i]);
    int li = 0;
    for (int c = 0; c < d; ++c) {
      double xc = x[c] * a;
      for (int r = c + 1; r < d; ++r)
        s += x[n + li++] * xc * x[r];
    }
  }
  return s;
}

// A data-dependent while loop inside a counted loop: its count is pushed
// once per outer iteration.
static double while_in_for(const double *x, void *ctx) {
  const Sizes *S = (const Sizes *)ctx;
  int n = S->n;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    double y = x[i];
    int k = 0;
    while (y < 3.0 && k < 20) {
      y = y * y + 0.5;
      ++k;
    }
    s += y * x[(i + 1) % n];
  }
  return s;
}

// Leaves two loops at once, from the inner one.
static double break_two(const double *x, void *ctx) {
  const Sizes *S = (const Sizes *)ctx;
  int n = S->n;
  double s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      s += x[i] * cos(x[j]);
      if (s > 2.5)
        goto out;
    }
out:
  return s * s;
}

// Returns from inside two loops.
static double return_nested(const double *x, void *ctx) {
  const Sizes *S = (const Sizes *)ctx;
  int n = S->n;
  double s = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i; j < n; ++j) {
      s += x[i] * x[j];
      if (s > 3.0)
        return s * x[j];
    }
  return exp(s);
}

// Continues the outer loop from inside the inner one; a row pointer chosen
// per outer iteration (its shadow goes through the frame).
static double continue_outer(const double *x, void *ctx) {
  const Sizes *S = (const Sizes *)ctx;
  int n = S->n, d = S->d;
  double s = 0;
  for (int i = 0; i < n; ++i) {
    const double *row = (i % 3 == 1) ? x + d : x;
    for (int j = 0; j < d; ++j) {
      if (row[j] > 0.9)
        goto next;
      s += row[j] * x[i];
    }
    s = sin(s);
  next:;
  }
  return s;
}

typedef double (*Kernel)(const double *, void *);

static void check_kernel(const char *name, Kernel f, double *x, int len,
                         Sizes *S) {
  double g[64] = {0}, v[64], jvp, dot = 0;
  char buf[96];
  if (f == packed_triangle)
    __enzyme_autodiff((void *)packed_triangle, enzyme_dup, x, g, enzyme_const, S);
  else if (f == while_in_for)
    __enzyme_autodiff((void *)while_in_for, enzyme_dup, x, g, enzyme_const, S);
  else if (f == break_two)
    __enzyme_autodiff((void *)break_two, enzyme_dup, x, g, enzyme_const, S);
  else if (f == return_nested)
    __enzyme_autodiff((void *)return_nested, enzyme_dup, x, g, enzyme_const, S);
  else
    __enzyme_autodiff((void *)continue_outer, enzyme_dup, x, g, enzyme_const, S);
  for (int i = 0; i < len; ++i) {
    snprintf(buf, sizeof buf, "%s(n=%d,d=%d).grad[%d]", name, S->n, S->d, i);
    eddy_check_tol(buf, g[i], eddy_fd_partial(f, S, x, len, i), EDDY_RTOL_FD,
                   EDDY_ATOL_FD);
    v[i] = eddy_rand() - 0.5;
    dot += g[i] * v[i];
  }
  if (f == packed_triangle)
    jvp = __enzyme_fwddiff((void *)packed_triangle, enzyme_dup, x, v, enzyme_const, S);
  else if (f == while_in_for)
    jvp = __enzyme_fwddiff((void *)while_in_for, enzyme_dup, x, v, enzyme_const, S);
  else if (f == break_two)
    jvp = __enzyme_fwddiff((void *)break_two, enzyme_dup, x, v, enzyme_const, S);
  else if (f == return_nested)
    jvp = __enzyme_fwddiff((void *)return_nested, enzyme_dup, x, v, enzyme_const, S);
  else
    jvp = __enzyme_fwddiff((void *)continue_outer, enzyme_dup, x, v, enzyme_const, S);
  snprintf(buf, sizeof buf, "%s(n=%d,d=%d).rev_vs_fwd", name, S->n, S->d);
  eddy_check_tol(buf, dot, jvp, 1e-11, 1e-13);
}

int main(void) {
  double x[64];
  for (int i = 0; i < 64; ++i)
    x[i] = 0.8 * eddy_rand() - 0.2;
  // Sizes that make the inner loops run 0, 1 and many times.
  Sizes Tri[] = {{1, 1}, {2, 2}, {4, 3}, {6, 6}};
  for (int k = 0; k < 4; ++k)
    check_kernel("packed_triangle", packed_triangle, x,
                 Tri[k].n + Tri[k].d * (Tri[k].d - 1) / 2, &Tri[k]);
  Sizes W[] = {{1, 0}, {5, 0}, {9, 0}};
  for (int k = 0; k < 3; ++k)
    check_kernel("while_in_for", while_in_for, x, W[k].n, &W[k]);
  Sizes B[] = {{1, 0}, {3, 0}, {8, 0}};  // never, late, early break
  for (int k = 0; k < 3; ++k)
    check_kernel("break_two", break_two, x, B[k].n, &B[k]);
  Sizes R[] = {{2, 0}, {5, 0}, {12, 0}};
  for (int k = 0; k < 3; ++k)
    check_kernel("return_nested", return_nested, x, R[k].n, &R[k]);
  Sizes C[] = {{1, 1}, {4, 3}, {7, 5}};
  x[6] = 0.95; // one row element over the threshold: some iterations continue
  for (int k = 0; k < 3; ++k)
    check_kernel("continue_outer", continue_outer, x, C[k].n + C[k].d, &C[k]);
  return eddy_summary();
}

// CHECK: OK packed_triangle(n=6,d=6).rev_vs_fwd
// CHECK: OK while_in_for(n=9,d=0).rev_vs_fwd
// CHECK: OK break_two(n=8,d=0).rev_vs_fwd
// CHECK: OK return_nested(n=12,d=0).rev_vs_fwd
// CHECK: OK continue_outer(n=7,d=5).rev_vs_fwd
// CHECK: ALL OK

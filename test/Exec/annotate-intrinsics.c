// __attribute__((annotate("..."))) on a struct field (llvm.ptr.annotation,
// which returns its pointer operand), on a local (llvm.var.annotation) and on
// a parameter, and __builtin_annotation on an integer: the annotations are for source tools and carry no semantics;
// Eddy drops them in the copy it differentiates, so the pointers they wrap
// keep their shadows. Both modes against analytic derivatives.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.h>
#include "eddy_check.h"

struct Particle {
  __attribute__((annotate("units=m"))) double pos;
  __attribute__((annotate("units=m/s"))) double vel;
  int id;
};

// E = 1/2 v^2 + 1/2 k x^2, through annotated fields.
static double energy(struct Particle *p, double k) {
  __attribute__((annotate("scratch"))) double e = 0.5 * p->vel * p->vel;
  p->pos = p->pos; // A store through an annotated field, too.
  e += 0.5 * k * p->pos * p->pos;
  return e;
}

// Annotated parameter and local array; an annotated integer
// (__builtin_annotation: llvm.annotation, which returns its operand).
static double weighted(__attribute__((annotate("in"))) const double *w, int n) {
  __attribute__((annotate("acc"))) double acc[2] = {0, 0};
  for (int i = 0; i < __builtin_annotation(n, "length"); ++i)
    acc[i & 1] += w[i] * w[i] * (i + 1);
  return acc[0] + acc[1];
}

typedef struct { double dk; } DK;
DK __enzyme_autodiff_dk(void *, ...);

int main(void) {
  struct Particle p = {0.7, -1.3, 4}, dp = {0, 0, 0};
  double k = 2.5;
  DK g = __enzyme_autodiff_dk((void *)energy, &p, &dp, k);
  eddy_check("rev.pos", dp.pos, k * p.pos);
  eddy_check("rev.vel", dp.vel, p.vel);
  eddy_check("rev.k", g.dk, 0.5 * p.pos * p.pos);
  struct Particle tp = {1.0, 0.0, 0};
  eddy_check("fwd.pos", __enzyme_fwddiff((void *)energy, &p, &tp, k, 0.0), k * p.pos);
  struct Particle tv = {0.0, 1.0, 0};
  eddy_check("fwd.vel", __enzyme_fwddiff((void *)energy, &p, &tv, k, 0.0), p.vel);
  eddy_check("fwd.k", __enzyme_fwddiff((void *)energy, &p, &tp, k, 1.0),
             k * p.pos + 0.5 * p.pos * p.pos);

  double w[3] = {0.5, -1.0, 2.0}, dw[3] = {0, 0, 0};
  __enzyme_autodiff((void *)weighted, w, dw, enzyme_const, 3);
  for (int i = 0; i < 3; ++i) {
    char name[16];
    snprintf(name, sizeof name, "w.rev.%d", i);
    eddy_check(name, dw[i], 2 * w[i] * (i + 1));
    double t[3] = {0, 0, 0};
    t[i] = 1.0;
    snprintf(name, sizeof name, "w.fwd.%d", i);
    eddy_check(name, __enzyme_fwddiff((void *)weighted, w, t, enzyme_const, 3),
               2 * w[i] * (i + 1));
  }
  return eddy_summary();
}

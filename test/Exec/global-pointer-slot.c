// A pointer kept in a global that never changes (an internal union
// initialized to &g and never written) and a differentiated value stored
// through it, read back elsewhere. At -O1 and above GlobalOpt folds the load
// of the pointer, the store reaches g directly and g gets a shadow; at -O0
// the store went through the loaded pointer and was refused ("stored into or
// read from memory that is not differentiated"; cf. Enzyme's
// notypeanalysis.c). Eddy now folds such loads itself (Canonicalize.cpp,
// resolveConstantPointers; GlobalShadows.cpp looks through them), so every
// level accepts it with the same derivative.
//
// RUN: %levels %eddy-clang -I%S/../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
#include <eddy/eddy.h>
#include "eddy_check.h"

double stored;
static union {
  long bits;
  double *slot;
} where = {.slot = &stored};

__attribute__((noinline)) static double read_back(void) { return stored; }

// f(x) = 2 x^3 + x, through the global.
static double f(double x) {
  *where.slot = x * x * x;
  return 2.0 * read_back() + x + 0.0 * (double)(where.bits & 1);
}

int main(void) {
  const double x = 1.25;
  eddy_check("reverse", __enzyme_autodiff((void *)f, x), 6 * x * x + 1);
  eddy_check("forward", __enzyme_fwddiff((void *)f, x, 1.0), 6 * x * x + 1);
  return eddy_summary();
}

// CHECK: ALL OK (2 checks)

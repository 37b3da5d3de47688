// A shadow buffer shorter than the primal's data: the derivative reads (in
// forward mode) or adds into (in reverse mode) elements past its end.
// AddressSanitizer must report it, which it only can if the generated
// functions carry sanitize_address like the primal (they inherit their
// primal's sanitizer attributes). Each run first computes a correct
// derivative with a full-length shadow, then the short one; the program must
// die with ASan's report before printing "not caught".
//
// ASan's runtime and valgrind cannot run in one process.
// UNSUPPORTED: eddy-valgrind
// RUN: %eddy-clang -fsanitize=address -O0 -I%S/../Inputs %s -o %t0
// RUN: %eddy-clang -fsanitize=address -O1 -I%S/../Inputs %s -o %t1
// RUN: %eddy-clang -fsanitize=address -O2 -I%S/../Inputs %s -o %t2
// RUN: %eddy-clang -fsanitize=address -O3 -I%S/../Inputs %s -o %t3
// RUN: not %run %t0 rev 2>&1 | FileCheck %s --check-prefixes=CHECK,REV
// RUN: not %run %t1 rev 2>&1 | FileCheck %s --check-prefixes=CHECK,REV
// RUN: not %run %t2 rev 2>&1 | FileCheck %s --check-prefixes=CHECK,REV
// RUN: not %run %t3 rev 2>&1 | FileCheck %s --check-prefixes=CHECK,REV
// RUN: not %run %t0 fwd 2>&1 | FileCheck %s --check-prefixes=CHECK,FWD
// RUN: not %run %t1 fwd 2>&1 | FileCheck %s --check-prefixes=CHECK,FWD
// RUN: not %run %t2 fwd 2>&1 | FileCheck %s --check-prefixes=CHECK,FWD
// RUN: not %run %t3 fwd 2>&1 | FileCheck %s --check-prefixes=CHECK,FWD
// CHECK: OK full-length shadow
// CHECK: ERROR: AddressSanitizer: heap-buffer-overflow
// CHECK-NOT: not caught
#include <eddy/eddy.h>
#include <stdlib.h>
#include <string.h>
#include "eddy_check.h"

static double f(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += x[i] * x[i];
  return s;
}

int main(int argc, char **argv) {
  int reverse = argc > 1 && strcmp(argv[1], "rev") == 0;
  int n = 4 + (argc > 5); // Not a constant the optimizer could fold.
  double *x = malloc(n * sizeof(double));
  double *dx = calloc(n, sizeof(double));
  for (int i = 0; i < n; ++i)
    x[i] = 0.5 + i;
  if (reverse) {
    __enzyme_autodiff((void *)f, x, dx, enzyme_const, n);
    eddy_check("full-length shadow", dx[3], 2 * x[3]);
  } else {
    dx[3] = 1.0;
    eddy_check("full-length shadow",
               __enzyme_fwddiff((void *)f, x, dx, enzyme_const, n), 2 * x[3]);
  }
  fflush(stdout);
  double *short_dx = calloc(2, sizeof(double)); // n elements needed.
  // REV: {{READ|WRITE}} of size
  // FWD: READ of size
  if (reverse)
    __enzyme_autodiff((void *)f, x, short_dx, enzyme_const, n);
  else
    printf("%g\n", __enzyme_fwddiff((void *)f, x, short_dx, enzyme_const, n));
  printf("not caught\n");
  fflush(stdout);
  return 0;
}

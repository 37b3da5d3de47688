// Split-mode requests the pass refuses, at the call, at every level:
// enzyme_allocated storage smaller than the tape handle (Enzyme's
// allocatedtape_err.c: "need 8 bytes have 1 bytes"), a function returning a
// pointer, an entry point declared void without enzyme_tape (the tape would
// be lost), and a backward call without its tape.
// RUN: not %eddy-clang -O0 -DSMALL -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -DSMALL -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -DSMALL -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -DSMALL -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O0 -DPTRRET -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PTRRET --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -DPTRRET -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PTRRET --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -DPTRRET -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PTRRET --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -DPTRRET -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=PTRRET --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O0 -DLOST -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -DLOST -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -DLOST -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -DLOST -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LOST --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O0 -DNOTAPE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTAPE --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O1 -DNOTAPE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTAPE --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O2 -DNOTAPE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTAPE --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
// RUN: not %eddy-clang -O3 -DNOTAPE -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTAPE --implicit-check-not="error:" --implicit-check-not="PLEASE submit"
#include <eddy/eddy.h>
#include <math.h>

void g(double *x) { x[0] = sin(x[0]); }
double *h(double *x) { x[0] *= x[0]; return x; }
void __enzyme_augmentfwd_void(void *, ...);

void use(double *x, double *dx, void *tape) {
#ifdef SMALL
  // SMALL: split-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_reverse: the tape of 'g' does not fit the storage enzyme_allocated gives: need 8 bytes have 1 bytes; size it with __enzyme_augmentsize
  __enzyme_reverse((void *)g, x, dx, enzyme_allocated, 1, enzyme_tape, tape);
#endif
#ifdef PTRRET
  // PTRRET: split-refusals.c:[[@LINE+1]]:13: error: eddy: __enzyme_augmentfwd cannot differentiate 'h', which returns a pointer: split mode takes functions returning void, a floating-point scalar or an integer; return the result through a pointer parameter instead
  void *t = __enzyme_augmentfwd((void *)h, x, dx);
  __eddy_tape_free(t);
#endif
#ifdef LOST
  // LOST: split-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_augmentfwd for 'g' is declared to return void, which loses the tape: declare it to return the tape handle (void *), or pass enzyme_tape and the address to store the tape at
  __enzyme_augmentfwd_void((void *)g, x, dx);
#endif
#ifdef NOTAPE
  // NOTAPE: split-refusals.c:[[@LINE+1]]:3: error: eddy: __enzyme_reverse for 'g' has no tape: pass the handle __enzyme_augmentfwd returned as the last argument, or its address after enzyme_tape
  __enzyme_reverse((void *)g, x, dx);
#endif
}

// At -O0 the back end's fast instruction selector works bottom-up through a
// block and gives the rest of the block to SelectionDAG at the first
// non-call instruction it cannot select. Eddy's -O0 lowering
// (Transform/QuickCodegen.cpp) leaves none in its functions: strong zeros
// stay selects of a comparison in their block (selected as SSE compare and
// masks) or become integer masks, fmuladd becomes fmul and fadd, and a forward derivative's
// return of {value, tangent} (an aggregate, which the fast selector cannot
// return) gets a block of its own -- before, that one `ret` sent the whole
// straight-line derivative to SelectionDAG (compile time, issue 12).
// RUN: %eddy-clang -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %eddy-clang -O0 -c %s -o %t.o -Rpass-missed=sdagisel 2>&1 | grep "in function: [a-z_]*\.eddy\." | FileCheck %s --allow-empty --check-prefix=ISEL
// RUN: %eddy-clang -O0 %s -o %t && %t | FileCheck %s
// The same derivative at the other levels (the lowering is -O0's only):
// RUN: %eddy-clang -O1 %s -o %t1 && %t1 | FileCheck %s
// RUN: %eddy-clang -O2 %s -o %t2 && %t2 | FileCheck %s
// RUN: %eddy-clang -O3 %s -o %t3 && %t3 | FileCheck %s
// IR-LABEL: define internal { double, double } @f.eddy.fwd.
// IR: br label %[[RET:[0-9]+]]
// IR-EMPTY:
// IR-NEXT: [[RET]]:
// IR-NEXT: insertvalue { double, double } poison
// IR-NEXT: insertvalue { double, double }
// IR-NEXT: ret { double, double }
// The fast selector misses only calls (each goes to SelectionDAG alone) and
// that return, alone in its block.
// ISEL-NOT: FastISel missed:
// ISEL-NOT: FastISel missed terminator: {{[^r]}}
#include <math.h>
#include <stdio.h>

extern double __enzyme_fwddiff(void *, ...);

double f(double x, double y) {
  double a = sqrt(1.0 + x * x) * y;
  return sin(a) + a * a * 0.5 + exp(-y);
}

int main(void) {
  double x = 0.7, y = 1.3;
  double a = sqrt(1.0 + x * x) * y;
  // Analytic: d/dx f = (cos a + a) * y x / sqrt(1 + x^2),
  //           d/dy f = (cos a + a) * sqrt(1 + x^2) - exp(-y).
  double dx = (cos(a) + a) * y * x / sqrt(1.0 + x * x);
  double dy = (cos(a) + a) * sqrt(1.0 + x * x) - exp(-y);
  double t = __enzyme_fwddiff((void *)f, x, 1.0, y, 0.5);
  printf("fwd %s\n", fabs(t - (dx + 0.5 * dy)) < 1e-12 ? "ok" : "FAIL");
  // CHECK: fwd ok
  return 0;
}

// A refusal of the IR passes is a compile error at the user's source line
// and column, without -g (the plugin turns on location tracking), at -O0 and
// -O2. Needs the Eddy passes.
// RUN: not %eddy-clang -O0 -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %eddy-clang -O1 -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %eddy-clang -O2 -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %eddy-clang -O3 -c %s -o %t.o 2>&1 | FileCheck %s
// CHECK: plugin-ir-error-at-source-line.c:[[@LINE+6]]:18: error: {{(eddy: )?}}cannot differentiate 'elsewhere': its body is not visible
#include "eddy/eddy.h"

double elsewhere(double x);

double grad(double x) {
  return 2 * x + __enzyme_autodiff((void *)elsewhere, x);
}

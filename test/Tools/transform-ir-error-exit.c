// A refusal of the IR passes fails eddy-transform with a nonzero status and
// the error at the source line. Needs the Eddy passes.
// RUN: not %eddy-transform -o %t.ll %s -- -I %eddy-include 2>&1 | FileCheck %s
// CHECK: transform-ir-error-exit.c:[[@LINE+6]]:10: error: {{(eddy: )?}}cannot differentiate 'elsewhere'
#include "eddy/eddy.h"

double elsewhere(double x);

double grad(double x) {
  return __enzyme_autodiff((void *)elsewhere, x);
}

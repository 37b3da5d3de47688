// --list with C names, while also writing the IR. Needs the Eddy passes.
// RUN: %eddy-transform --list -o %t.ll %s -- -I %eddy-include | FileCheck %s
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// CHECK: {{^}}reverse  sq  ->  sq.eddy.{{[a-z._]+$}}
// IR: !eddy.derivatives = !{
#include "eddy/eddy.h"

double sq(double x) { return x * x; }

double grad(double x) { return __enzyme_autodiff((void *)sq, x); }

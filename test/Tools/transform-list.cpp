// --list prints one line per generated derivative: mode, primal and
// derivative, with C++ names demangled. Needs the Eddy passes.
// RUN: %eddy-transform --list --emit=none %s -- -I %eddy-include | FileCheck %s
// RUN: %eddy-transform --list --emit=none -O0 %s -- -I %eddy-include | FileCheck %s
// CHECK-DAG: {{^}}reverse  square(double)  ->  square(double).eddy.{{[a-z._]+$}}
// CHECK-DAG: {{^}}forward  cube(double)  ->  cube(double).eddy.{{[a-z._]+$}}
#include "eddy/eddy.h"

double square(double x) { return x * x; }
double cube(double x) { return x * x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x); }
double tangent(double x) { return __enzyme_fwddiff((void *)cube, x, 1.0); }

// --list prints one line per generated derivative, with demangled names.
// Needs the Eddy passes to generate derivatives.
// RUN: %eddy-transform --list --emit=none %s -- -I %eddy-include | FileCheck %s
// CHECK-DAG: reverse  square(double)  ->  {{.*}}square{{.*}}
// CHECK-DAG: forward  cube(double)  ->  {{.*}}cube{{.*}}
#include "eddy/eddy.h"

double square(double x) { return x * x; }
double cube(double x) { return x * x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x); }
double tangent(double x) { return __enzyme_fwddiff((void *)cube, x, 1.0); }

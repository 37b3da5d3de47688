// By default eddy-transform writes textual IR to <stem>.ll in the current
// directory.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cd %t.dir
// RUN: %eddy-transform %s -- -I %eddy-include
// RUN: FileCheck %s < %t.dir/transform-emit-llvm-default.ll
// CHECK: define {{.*}}double @square(double
// CHECK: define {{.*}}double @grad(double
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x); }

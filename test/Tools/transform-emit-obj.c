// --emit=obj writes an object file to link into the normal build.
// RUN: %eddy-transform --emit=obj -o %t.o %s -- -I %eddy-include
// RUN: llvm-nm %t.o | FileCheck %s
// CHECK: T grad
// CHECK: T square
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x); }

// The plugin loads with a plain -fplugin= and compiles C at -O0 and -O2.
// RUN: %eddy-clang -O0 -c %s -o %t.O0.o
// RUN: %eddy-clang -O2 -c %s -o %t.O2.o
// RUN: llvm-nm %t.O0.o | FileCheck %s
// RUN: llvm-nm %t.O2.o | FileCheck %s
// CHECK: T grad
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x); }

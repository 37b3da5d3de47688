// The plugin loads with a plain -fplugin= and compiles C++ at -O0 and -O2.
// RUN: %eddy-clangxx -O0 -c %s -o %t.O0.o
// RUN: %eddy-clangxx -O2 -c %s -o %t.O2.o
// RUN: llvm-nm -C %t.O0.o | FileCheck %s
// RUN: llvm-nm -C %t.O2.o | FileCheck %s
// CHECK: T grad(double)
#include "eddy/eddy.h"
#include <cmath>

template <typename T> T wave(T x) { return std::sin(x) * x; }

double grad(double x) { return __enzyme_autodiff((void *)wave<double>, x); }

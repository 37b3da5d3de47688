// An AST request error fails the compilation before IR generation, so it is
// reported once, at the argument, and no IR-level error follows.
// RUN: not %eddy-clang -S -emit-llvm -o %t.ll %s 2>&1 | FileCheck %s
// CHECK: request-error-stops-codegen.c:[[@LINE+7]]:69: error: too many arguments in derivative request for 'square'
// CHECK-NOT: error:
// CHECK: 1 error generated.
#include "eddy/eddy.h"

double square(double x) { return x * x; }

double grad(double x) { return __enzyme_autodiff((void *)square, x, x); }

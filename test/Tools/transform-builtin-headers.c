// Clang's builtin headers (stddef.h, stdarg.h, float.h) are found through
// the resource directory of the clang eddy-transform is built against.
// RUN: %eddy-transform -o - %s -- | FileCheck %s
// CHECK: define {{.*}}@size
#include <float.h>
#include <stdarg.h>
#include <stddef.h>
size_t size(void) { return sizeof(max_align_t) + (size_t)DBL_DIG; }

// Without -g the plugin asks for location tracking only, so that Eddy's
// errors name the user's line; above -O0 the locations are dropped once Eddy
// is done, so the output carries no debug metadata (at -O0 they stay, emitted
// nowhere). No debug info is emitted. With -g the user's is left as it is.
// RUN: %eddy-clang -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %eddy-clang -O2 -c %s -o %t.o
// RUN: llvm-objdump -h %t.o | FileCheck %s --check-prefix=OBJ
// RUN: not %eddy-clang -O2 -DREFUSED -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: %eddy-clang -O2 -g -S -emit-llvm %s -o - | FileCheck %s --check-prefix=DEBUG
// RUN: %eddy-clang -O0 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=O0
// RUN: %eddy-clang -O0 -c %s -o %t0.o
// RUN: llvm-objdump -h %t0.o | FileCheck %s --check-prefix=OBJ
// CHECK: define {{.*}}@twice(
// CHECK-NOT: !dbg
// CHECK-NOT: DICompileUnit
// OBJ-NOT: .debug_info
// OBJ-NOT: .debug_line
// DEBUG: define {{.*}}@twice({{.*}} !dbg
// DEBUG: !DICompileUnit({{.*}}emissionKind: FullDebug
// O0: define {{.*}}@twice({{.*}} !dbg
// O0: !DICompileUnit({{.*}}emissionKind: NoDebug
#include <eddy/eddy.h>
double twice(double x) { return 2 * x; }

#ifdef REFUSED
double run(double x) {
  int bits;
  __builtin_memcpy(&bits, &x, sizeof bits);
  return (double)bits * x;
}
double refused(double x) { return __enzyme_autodiff((void *)run, x); }
// ERR: plugin-loc-tracking.c:[[@LINE-4]]:{{[0-9]+}}: error:
#endif

// Without -g the plugin asks for location tracking only: instructions carry
// source lines (for Eddy's errors) but no debug info is emitted.
// RUN: %eddy-clang -O2 -S -emit-llvm %s -o - | FileCheck %s
// RUN: %eddy-clang -O2 -c %s -o %t.o
// RUN: llvm-objdump -h %t.o | FileCheck %s --check-prefix=OBJ
// CHECK: define {{.*}}@twice({{.*}} !dbg
// CHECK: !DICompileUnit({{.*}}emissionKind: NoDebug
// OBJ-NOT: .debug_info
// OBJ-NOT: .debug_line
double twice(double x) { return 2 * x; }

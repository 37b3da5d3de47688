// With -g the user's debug info is kept, not reduced to location tracking.
// RUN: %eddy-clang -g -O2 -S -emit-llvm %s -o - | FileCheck %s
// CHECK: !DICompileUnit({{.*}}emissionKind: FullDebug
double twice(double x) { return 2 * x; }

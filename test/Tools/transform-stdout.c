// -o - writes the IR to standard output.
// RUN: %eddy-transform -o - %s -- | FileCheck %s
// CHECK: ModuleID
// CHECK: define {{.*}}@twice(
double twice(double x) { return 2 * x; }

// -fplugin-arg-eddy-<option> in a compile command means what it means to the
// plugin: a misspelled option is an error.
// RUN: not %eddy-transform -o %t.ll %s -- -fplugin-arg-eddy-bogus 2>&1 | FileCheck %s
// RUN: %eddy-transform -o %t.ll %s -- -fplugin-arg-eddy-no-cleanup
// CHECK: error: unknown Eddy plugin option '-fplugin-arg-eddy-bogus'
double twice(double x) { return 2 * x; }

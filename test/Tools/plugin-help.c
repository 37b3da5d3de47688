// -fplugin-arg-eddy-help lists the plugin's options; compilation goes on.
// RUN: %eddy-clang -fsyntax-only -fplugin-arg-eddy-help %s | FileCheck %s
// CHECK: Eddy options (clang: -fplugin-arg-eddy-<option>; eddy-transform honors
// CHECK: help
// CHECK: no-cleanup
// CHECK: time-report
// CHECK: -Rpass=eddy
// CHECK: -Rpass-missed=eddy
// CHECK: -fsave-optimization-record
int main(void) { return 0; }

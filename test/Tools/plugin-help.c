// -fplugin-arg-eddy-help lists the plugin's options; compilation goes on.
// RUN: %eddy-clang -fsyntax-only -fplugin-arg-eddy-help %s | FileCheck %s
// CHECK: Eddy options (clang: -fplugin-arg-eddy-<option>):
// CHECK: help
// CHECK: no-cleanup
// CHECK: time-report
int main(void) { return 0; }

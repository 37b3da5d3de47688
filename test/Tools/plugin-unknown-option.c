// An unknown -fplugin-arg-eddy-<option> is an error, not silently ignored.
// RUN: not %eddy-clang -fsyntax-only -fplugin-arg-eddy-no-cleanpu %s 2>&1 | FileCheck %s
// CHECK: error: unknown Eddy plugin option '-fplugin-arg-eddy-no-cleanpu' (pass -fplugin-arg-eddy-help for the list)
int main(void) { return 0; }

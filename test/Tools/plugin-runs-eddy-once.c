// -fplugin alone runs Eddy's pass once, at -O0 (where functions are optnone)
// and -O2; adding -fpass-plugin of the pass library does not run it twice.
// RUN: %eddy-clang -O0 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -O1 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -O2 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -O3 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -fpass-plugin=%eddy-passes -O0 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -fpass-plugin=%eddy-passes -O1 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -fpass-plugin=%eddy-passes -O2 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// RUN: %eddy-clang -fpass-plugin=%eddy-passes -O3 -c -Xclang -fdebug-pass-manager %s -o %t.o 2>&1 | FileCheck %s
// CHECK: Running pass: eddy::EddyPass on [module]
// CHECK-NOT: Running pass: eddy::EddyPass
int main(void) { return 0; }

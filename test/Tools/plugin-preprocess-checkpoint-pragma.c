// With the plugin, -E prints '#pragma eddy checkpoint' as written (the
// pragma is read only when the file is parsed, like '#pragma clang loop'),
// so a preprocessed file compiles to the same marker.
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -Wno-unused-command-line-argument -E %s -o %t.i
// RUN: FileCheck %s --check-prefix=PP < %t.i
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -Wno-unused-command-line-argument -S -emit-llvm -O0 %t.i -o - | FileCheck %s
// PP: #pragma eddy checkpoint(binomial, snapshots(32))
// PP-NOT: __eddy_checkpoint
// CHECK: call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 32)
void step(double *u, int i);

void run(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(32))
  for (int t = 0; t < n; ++t)
    step(u, t);
}

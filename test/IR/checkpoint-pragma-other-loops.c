// A '#pragma eddy checkpoint' changes only its own loop: the function
// without one compiles to the same IR whether the pragma is in the file or
// not, at -O2 (where the marker call and the loop's unroll hint could
// otherwise matter).
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -Wno-unused-command-line-argument -O2 -S -emit-llvm -DWITH_PRAGMA %s -o %t.with.ll
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -Wno-unused-command-line-argument -O2 -S -emit-llvm %s -o %t.without.ll
// RUN: llvm-extract -S -func=plain %t.with.ll | grep -v '^; ModuleID' > %t.plain-with.ll
// RUN: llvm-extract -S -func=plain %t.without.ll | grep -v '^; ModuleID' > %t.plain-without.ll
// RUN: diff %t.plain-with.ll %t.plain-without.ll
// RUN: FileCheck %s < %t.with.ll
// CHECK: call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 8)
void step(double *u, int i);

void checkpointed(double *u, int n) {
#ifdef WITH_PRAGMA
#pragma eddy checkpoint(binomial, snapshots(8))
#endif
  for (int t = 0; t < n; ++t)
    step(u, t);
}

double plain(const double *u, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i)
    s += u[i] * u[i];
  for (int i = 0; i < 4; ++i)
    s *= 0.5;
  return s;
}

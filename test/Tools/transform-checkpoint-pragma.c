// eddy-transform reads '#pragma eddy checkpoint' as the plugin does: the
// marker call in the loop body, and the same errors.
// RUN: %eddy-transform -O0 %s -o - -- -fno-discard-value-names | FileCheck %s
// RUN: not %eddy-transform -O0 %s -o - -- -DBAD 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: for.body:
// CHECK-NEXT: call void @__eddy_checkpoint(i32 noundef 2, i64 noundef 12)
void step(double *u, int i);

void run(double *u, int n) {
#ifdef BAD
// BAD: transform-checkpoint-pragma.c:[[@LINE+1]]:43: error: snapshots(S) needs S >= 1
#pragma eddy checkpoint(online, snapshots(0))
#else
#pragma eddy checkpoint(online, snapshots(12))
#endif
  for (int t = 0; t < n; ++t)
    step(u, t);
}

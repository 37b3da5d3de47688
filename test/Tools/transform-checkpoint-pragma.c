// eddy-transform reads '#pragma eddy checkpoint' as the plugin does: the same
// errors, and a checkpointed gradient (the loop's reverse pair calls the
// run-time driver, linked into the output; no marker is left behind).
// RUN: %eddy-transform -O0 %s -o - -- -fno-discard-value-names | FileCheck %s --implicit-check-not="call void @__eddy_checkpoint("
// RUN: not %eddy-transform -O0 %s -o - -- -DBAD 2>&1 | FileCheck %s --check-prefix=BAD
// CHECK: call {{.*}}@__eddy_ckpt_begin(i32 2, i64 12,
// CHECK: define linkonce_odr hidden {{.*}}@__eddy_ckpt_begin(
void __enzyme_autodiff(void *, ...);

double run(double *u, int n) {
#ifdef BAD
// BAD: transform-checkpoint-pragma.c:[[@LINE+1]]:43: error: snapshots(S) needs S >= 1
#pragma eddy checkpoint(online, snapshots(0))
#else
#pragma eddy checkpoint(online, snapshots(12))
#endif
  for (int t = 0; t < n; ++t)
    u[t] = u[t] * u[t] + 1.0;
  return u[0];
}

void grad(double *u, double *du, int n) {
  __enzyme_autodiff((void *)run, u, du, n);
}

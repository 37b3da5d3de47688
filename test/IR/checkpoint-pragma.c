// '#pragma eddy checkpoint(...)' in C becomes a call
// __eddy_checkpoint(i32 kind, i64 param) (kind 0 binomial, 1 periodic, 2
// online) at the top of the loop body, located at the pragma (line and
// column), at every -O level; the loop gets llvm.loop.unroll.disable so that
// full unrolling cannot copy the marker or remove the loop before Eddy's
// pass. (Loop unswitching at -O3 may still version a loop: each version
// keeps its marker, the '.us' blocks below.) Line numbers in the
// !DILocation checks are the pragmas' lines (kept in the output by -g).
//
// The call is the first instruction of the body's first block after its
// phis (no line in between starts an instruction other than a phi).
//
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -std=c99 -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O0 %s -o - | FileCheck %s
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -std=c99 -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O1 %s -o - | FileCheck %s
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -std=c99 -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O2 %s -o - | FileCheck %s
// RUN: %eddy-clang -mllvm -eddy-keep-checkpoint-markers -std=c99 -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O3 %s -o - | FileCheck %s
#define SNAPS 16
enum { Base = 5 };
#define CKPT _Pragma("eddy checkpoint(periodic, every(6))")
void step(double *u, int i);

// CHECK-LABEL: define dso_local void @counted(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 32) #{{[0-9]+}}, !dbg ![[COUNTED:[0-9]+]]
// CHECK: br {{.*}}, !llvm.loop ![[COUNTED_LOOP:[0-9]+]]
void counted(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(32))
  for (int t = 0; t < n; ++t)
    step(u, t);
}

// CHECK-LABEL: define dso_local void @while_loop(
// CHECK: {{^}}while.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 2, i64 noundef 16) #{{[0-9]+}}, !dbg ![[WHILE:[0-9]+]]
void while_loop(double *u) {
#pragma eddy checkpoint(online, snapshots(SNAPS))
  while (u[0] > 1.0)
    step(u, 0);
}

// CHECK-LABEL: define dso_local void @do_loop(
// CHECK: {{^}}do.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 1, i64 noundef 4) #{{[0-9]+}}, !dbg ![[DO:[0-9]+]]
void do_loop(double *u, int n) {
  int t = 0;
  #pragma eddy checkpoint(periodic, every(4))
  do {
    step(u, t);
  } while (++t < n);
}

// CHECK-LABEL: define dso_local void @expression(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 11) #{{[0-9]+}}, !dbg ![[EXPRESSION:[0-9]+]]
void expression(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(Base * 2 + 1))
  for (int t = 0; t < n; ++t)
    step(u, t);
}

// CHECK-LABEL: define dso_local void @nested(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 8) #{{[0-9]+}}, !dbg ![[OUTER:[0-9]+]]
// CHECK: {{^}}for.body{{[0-9]+}}{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 2, i64 noundef 2) #{{[0-9]+}}, !dbg ![[INNER:[0-9]+]]
void nested(double *u, int n, int m) {
#pragma eddy checkpoint(binomial, snapshots(8))
  for (int t = 0; t < n; ++t) {
#pragma eddy checkpoint(online, snapshots(2))
    for (int s = 0; s < m; ++s)
      step(u, s);
  }
}

// CHECK-LABEL: define dso_local void @from_macro(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 1, i64 noundef 6) #{{[0-9]+}}, !dbg ![[MACRO:[0-9]+]]
void from_macro(double *u, int n) {
  CKPT
  for (int t = 0; t < n; ++t)
    step(u, t);
}

// Labels and Clang's own loop hints after the pragma.
// CHECK-LABEL: define dso_local void @labelled(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 3) #{{[0-9]+}}, !dbg ![[LABELLED:[0-9]+]]
// CHECK: br {{.*}}, !llvm.loop ![[LABELLED_LOOP:[0-9]+]]
void labelled(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(3))
again:
#pragma clang loop vectorize(disable)
  for (int t = 0; t < n; ++t)
    if (t == 7 && u[0] > 0) {
      u[0] = -u[0];
      goto again;
    } else {
      step(u, t);
    }
}

// Four steps: not unrolled, so the loop and one marker stay.
// CHECK-LABEL: define dso_local void @four_steps(
// CHECK: {{^}}for.body{{(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 2) #{{[0-9]+}}, !dbg ![[FOUR:[0-9]+]]
// CHECK-NOT: @__eddy_checkpoint(
// CHECK: br {{.*}}, !llvm.loop ![[FOUR_LOOP:[0-9]+]]
// CHECK-NOT: @__eddy_checkpoint(
// CHECK: {{^}}}
void four_steps(double *u) {
#pragma eddy checkpoint(binomial, snapshots(2))
  for (int t = 0; t < 4; ++t)
    step(u, t);
}

// The calls are at the pragmas (line, column); each loop has its hints and
// llvm.loop.unroll.disable.
// CHECK-DAG: ![[COUNTED]] = !DILocation(line: 28, column: 1,
// CHECK-DAG: ![[WHILE]] = !DILocation(line: 38, column: 1,
// CHECK-DAG: ![[DO]] = !DILocation(line: 49, column: 3,
// CHECK-DAG: ![[EXPRESSION]] = !DILocation(line: 60, column: 1,
// CHECK-DAG: ![[OUTER]] = !DILocation(line: 73, column: 1,
// CHECK-DAG: ![[INNER]] = !DILocation(line: 75, column: 1,
// CHECK-DAG: ![[MACRO]] = !DILocation(line: 86, column: 3,
// CHECK-DAG: ![[LABELLED]] = !DILocation(line: 98, column: 1,
// CHECK-DAG: ![[FOUR]] = !DILocation(line: 120, column: 1,
// CHECK-DAG: ![[UNROLL_OFF:[0-9]+]] = !{!"llvm.loop.unroll.disable"}
// CHECK-DAG: ![[COUNTED_LOOP]] = distinct !{![[COUNTED_LOOP]], {{.*}}![[UNROLL_OFF]]{{[,}]}}
// CHECK-DAG: ![[FOUR_LOOP]] = distinct !{![[FOUR_LOOP]], {{.*}}![[UNROLL_OFF]]{{[,}]}}
// CHECK-DAG: ![[LABELLED_LOOP]] = distinct !{![[LABELLED_LOOP]], {{.*}}![[UNROLL_OFF]]{{[,}]}}
// CHECK-DAG: !{!"llvm.loop.vectorize.width", i32 1}

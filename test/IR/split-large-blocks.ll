; The back end's load-fold legality search is linear in a block, so one huge
; block of generated code (a long backward sweep) made instruction selection
; quadratic; eddy-split-large-blocks (BlockSplitting.h) cuts the blocks of
; Eddy's functions that exceed 1,000 instructions every 400, each cut a
; never-taken branch on a volatile flag around a block that rejoins the
; code (CodeGenPrepare would merge an unconditional branch back; a branch to
; a trap would break post-dominance, which made MachineSink slow). Functions
; that are not Eddy's stay whole, and the result does not change.
; RUN: %python %S/Inputs/long-block.py 1500 > %t.ll
; RUN: %opt-eddy -passes=eddy-split-large-blocks -S %t.ll | FileCheck %s
; RUN: %opt-eddy -passes=eddy-split-large-blocks %t.ll | lli > %t.out
; RUN: grep WANT %t.ll | sed 's/; WANT //' > %t.want
; RUN: diff %t.out %t.want
;
; 3,001 instructions: cut after 400, 800, ..., 2,800 (7 cuts).
; CHECK: @eddy.split.never = internal global i8 0
; CHECK-LABEL: define double @f.eddy.long(
; The first cut, whole: the side block rejoins the code after the cut.
; CHECK: %[[V:.*]] = load volatile i8, ptr @eddy.split.never
; CHECK-NEXT: %[[C:.*]] = icmp ne i8 %[[V]], 0
; CHECK-NEXT: br i1 %[[C]], label %[[SIDE:eddy.split.side[0-9]*]], label %[[TAIL:[^,]*]], !prof
; CHECK-EMPTY:
; CHECK-NEXT: [[SIDE]]:
; CHECK-NEXT: store volatile i8 0, ptr @eddy.split.never
; CHECK-NEXT: br label %[[TAIL]]
; CHECK-EMPTY:
; CHECK-NEXT: [[TAIL]]:{{ }}
; The other six.
; CHECK-COUNT-6: store volatile i8 0, ptr @eddy.split.never
; CHECK-NOT: volatile
; CHECK-NOT: llvm.trap
; CHECK-LABEL: define double @user_long(
; CHECK-NOT: eddy.split
; CHECK: ret double

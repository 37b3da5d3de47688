; The back end's load-fold legality search is linear in a block, so one huge
; block of generated code (a long backward sweep) made instruction selection
; quadratic; eddy-split-large-blocks (BlockSplitting.h) cuts the blocks of
; Eddy's functions that exceed 1,000 instructions every 400, each cut a
; never-taken branch on a volatile flag around a block that rejoins the
; code (CodeGenPrepare would merge an unconditional branch back; a branch to
; a trap would break post-dominance, which made MachineSink slow). Functions
; that are not Eddy's stay whole, and the result does not change.
; After these early cuts, the return gets a block of its own (BlockSplitting.h).
; At the end of the pipeline (eddy-split-large-blocks-final) every cut, also
; one made earlier, becomes a loop that is never repeated: the test gets a
; block of its own that the side block branches back to, so the blocks of
; code have one successor each and MachineSink leaves them alone.
; RUN: %python %S/Inputs/long-block.py 1500 > %t.ll
; RUN: %opt-eddy -passes=eddy-split-large-blocks -S %t.ll | FileCheck %s
; RUN: %opt-eddy -passes=eddy-split-large-blocks %t.ll | lli > %t.out
; RUN: grep WANT %t.ll | sed 's/; WANT //' > %t.want
; RUN: diff %t.out %t.want
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final -S %t.ll | FileCheck %s --check-prefix=FINAL
; RUN: %opt-eddy -passes=eddy-split-large-blocks,eddy-split-large-blocks-final -S %t.ll | FileCheck %s --check-prefix=FINAL
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final -S %t.ll | grep "br label %%eddy.split.test" | count 14
; RUN: %opt-eddy -passes=eddy-split-large-blocks-final %t.ll | lli > %t.final.out
; RUN: diff %t.final.out %t.want
;
; 3,001 instructions: cut after 400, 800, ..., 2,800 (7 cuts).
; CHECK: @eddy.split.never = internal global i8 0
; CHECK-LABEL: define double @f.eddy.long(
; CHECK-NEXT: %eddy.split.ret = alloca double
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
; Then the return gets a block of its own, the value it returns stored
; before the cut (so that InstCombine sinks nothing into the returning block).
; CHECK: store volatile double %x1500, ptr %eddy.split.ret
; CHECK-NEXT: load volatile i8, ptr @eddy.split.never
; CHECK: store volatile i8 0, ptr @eddy.split.never
; CHECK-NOT: volatile
; CHECK-NOT: llvm.trap
; CHECK: ret double %x1500
; CHECK-LABEL: define double @user_long(
; CHECK-NOT: eddy.split
; CHECK: ret double

; FINAL-LABEL: define double @f.eddy.long(
; FINAL: br label %[[TEST:eddy.split.test[0-9]*]]
; FINAL-EMPTY:
; FINAL-NEXT: [[TEST]]:
; FINAL-NEXT: %[[V:.*]] = load volatile i8, ptr @eddy.split.never
; FINAL-NEXT: %[[C:.*]] = icmp ne i8 %[[V]], 0
; FINAL-NEXT: br i1 %[[C]], label %[[SIDE:eddy.split.side[0-9]*]], label %[[TAIL:[^,]*]], !prof
; FINAL-EMPTY:
; FINAL-NEXT: [[SIDE]]:
; FINAL-NEXT: store volatile i8 0, ptr @eddy.split.never
; FINAL-NEXT: br label %[[TEST]]
; FINAL-EMPTY:
; FINAL-NEXT: [[TAIL]]:{{ }}
; FINAL-LABEL: define double @user_long(
; FINAL-NOT: eddy.split
; FINAL: ret double

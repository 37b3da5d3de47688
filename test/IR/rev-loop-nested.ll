; Reverse mode, nested counted loops with a trip count from each parameter:
;   s = x; for i < n { t = s; for j < m { t = t * x + 1 } s = sqrt(t) }
; The inner adjoint loop runs m times inside each of the n outer adjoint
; iterations, popping in reverse order. Both are counted loops: each adjoint
; loop's counter starts at the backedge count (smax(m,1) - 1, smax(n,1) - 1)
; where the adjoint enters the loop, so no predecessor id goes on the tape.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @llvm.sqrt.f64(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i32 %n, i32 %m) {
entry:
  br label %outer
outer:
  %i = phi i32 [ 0, %entry ], [ %i.next, %outer.latch ]
  %s = phi double [ %x, %entry ], [ %s.next, %outer.latch ]
  br label %inner
inner:
  %j = phi i32 [ 0, %outer ], [ %j.next, %inner ]
  %t = phi double [ %s, %outer ], [ %t.next, %inner ]
  %tx = fmul double %t, %x
  %t.next = fadd double %tx, 1.0
  %j.next = add i32 %j, 1
  %cj = icmp slt i32 %j.next, %m
  br i1 %cj, label %inner, label %outer.latch
outer.latch:
  %s.next = call double @llvm.sqrt.f64(double %t.next)
  %i.next = add i32 %i, 1
  %ci = icmp slt i32 %i.next, %n
  br i1 %ci, label %outer, label %exit
exit:
  ret double %s.next
}

define void @show(double %x, i32 %n, i32 %m) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n, i32 %m)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 0.8, i32 1, i32 1)   ; sqrt(x^2 + 1): x / sqrt(x^2+1)
  call void @show(double 0.8, i32 3, i32 4)
  call void @show(double 1.1, i32 7, i32 2)
  ret i32 0
}

; NUM: 0.624695
; NUM-NEXT: 2.433699
; NUM-NEXT: 1.840997

; CHECK-LABEL: define internal { double } @f.eddy.grad.acc_r(double %0, i32 %1, i32 %2)
; The inner iteration pushes t alone (8 bytes, reserved per outer iteration).
; CHECK: [[SMAXM:%smax[^ ]*]] = call i32 @llvm.smax.i32(i32 %2, i32 1)
; CHECK: inner.i:
; CHECK: %t.i = phi double
; CHECK: store double %t.i, ptr
; CHECK-NOT: store i32
; CHECK: br i1 %cj.i, label %inner.i, label %outer.latch.i
; CHECK: outer.latch.i:
; CHECK: store double %s.next.i, ptr
; CHECK-NOT: store i32
; CHECK: br i1 %ci.i, label %outer.i, label %f.eddy.aug.acc_r.top.exit
; Two adjoint loops: the inner one branches back to itself while its counter
; is nonzero; the outer one (at the adjoint of the outer latch) sets the inner
; counter to smax(m,1) - 1 and is re-entered from the inner one's first
; iteration.
; CHECK: inner.rev.i:
; CHECK: [[IN:%inner.iter[^ ]*]] = phi i64 [ [[INSTART:%.*]], %outer.latch.rev.i ], [ [[INNEXT:%.*]], %inner.back.i ]
; CHECK: icmp eq i64 [[IN]], 0
; CHECK-NEXT: br i1 %{{.*}}, label %inner.first.i, label %inner.back.i
; CHECK: outer.latch.rev.i:
; CHECK: [[OUT:%outer.iter[^ ]*]] = phi i64
; CHECK: [[BM:%.*]] = add nsw i32 [[SMAXM]], -1
; CHECK-NEXT: [[INSTART]] = zext i32 [[BM]] to i64
; CHECK: fdiv double 5.000000e-01, %{{.*}}
; CHECK: br label %inner.rev.i
; CHECK: outer.back.i:
; CHECK-NEXT: add i64 [[OUT]], -1
; CHECK: inner.first.i:
; CHECK-NEXT: icmp eq i64 [[OUT]], 0
; CHECK: inner.back.i:
; CHECK-NEXT: [[INNEXT]] = add i64 [[IN]], -1

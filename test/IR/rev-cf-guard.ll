; Reverse mode, a join entered either straight from the branch of its
; immediate dominator or through that branch's other successor (here a guard
; around an inner loop whose bound depends on the outer index). The adjoint
; of the join does not pop a predecessor id: it branches on the guard's
; condition again, rebuilt from the loop counters (i + 1 < n).
;   s = x; for i < n { for j = i+1; j < n; ++j: s *= x }   ->  s = x^(1 + n(n-1)/2)
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i64 %n) {
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %join ]
  %s = phi double [ %x, %entry ], [ %s2, %join ]
  %j0 = add nuw i64 %i, 1
  %g = icmp ult i64 %j0, %n
  br i1 %g, label %inner, label %join
inner:
  %j = phi i64 [ %j0, %outer ], [ %j.next, %inner ]
  %t = phi double [ %s, %outer ], [ %t.next, %inner ]
  %t.next = fmul double %t, %x
  %j.next = add nuw i64 %j, 1
  %c = icmp ult i64 %j.next, %n
  br i1 %c, label %inner, label %join
join:
  %s2 = phi double [ %s, %outer ], [ %t.next, %inner ]
  %i.next = add nuw i64 %i, 1
  %ci = icmp ult i64 %i.next, %n
  br i1 %ci, label %outer, label %exit
exit:
  ret double %s2
}

define void @show(double %x, i64 %n) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i64 %n)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 1.1, i64 1)   ; x: 1
  call void @show(double 1.1, i64 3)   ; x^4: 4 x^3
  call void @show(double 1.1, i64 4)   ; x^7: 7 x^6
  ret i32 0
}

; NUM: 1.000000
; NUM-NEXT: 5.324000
; NUM-NEXT: 12.400927

; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i64 %1)
; The forward sweep pushes t (x's other factor) in the inner loop, and no
; predecessor id anywhere.
; CHECK-NOT: store i32
; CHECK-NOT: load i32
; The adjoint of the join enters the inner loop's adjoint when i + 1 < n held
; in the iteration it is reversing (i + 1 is the outer counter before its
; decrement), and goes on to the outer loop's header otherwise.
; CHECK: join.rev.i:
; CHECK: [[I1:%outer.iter[^ ]*]] = phi i64
; CHECK: [[G:%.*]] = icmp ult i64 [[I1]], %1
; CHECK-NEXT: br i1 [[G]], label %join.from.join.loopexit.i, label %outer.rev.i

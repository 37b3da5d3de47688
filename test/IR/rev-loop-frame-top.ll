; Reverse mode, a per-iteration frame that is the top of the tape where the
; adjoint enters an iteration: as in rev-loop-frame.ll, a = sin(x[i]) is
; stored once per outer iteration in that iteration's frame, but nothing else
; is pushed during an iteration (the inner loop re-reads x[j], the outer latch
; needs no primal value), so the latch does not push the frame's offset: the
; adjoint of the latch takes it as the tape's size minus the frame's 8 bytes.
;   s = 0; for i < n { a = sin(x[i]); for j < m { s += a * x[j] } s = s + 1 }
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare void @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [16 x i8] c"%.6f %.6f %.6f\0A\00"

define dso_local double @f(ptr %x, i64 %n, i64 %m) {
entry:
  br label %outer
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  %s = phi double [ 0.0, %entry ], [ %s.next, %outer.latch ]
  %px = getelementptr inbounds double, ptr %x, i64 %i
  %xi = load double, ptr %px
  %a = call double @sin(double %xi)
  br label %inner
inner:
  %j = phi i64 [ 0, %outer ], [ %j.next, %inner ]
  %t = phi double [ %s, %outer ], [ %t.next, %inner ]
  %pj = getelementptr inbounds double, ptr %x, i64 %j
  %xj = load double, ptr %pj
  %p = fmul double %a, %xj
  %t.next = fadd double %t, %p
  %j.next = add nuw nsw i64 %j, 1
  %cj = icmp ult i64 %j.next, %m
  br i1 %cj, label %inner, label %outer.latch
outer.latch:
  %s.next = fadd double %t.next, 1.0
  %i.next = add nuw nsw i64 %i, 1
  %ci = icmp ult i64 %i.next, %n
  br i1 %ci, label %outer, label %exit
exit:
  ret double %s.next
}

define void @show(i64 %n, i64 %m) {
  %x = alloca [3 x double]
  %dx = alloca [3 x double]
  store [3 x double] [double 0.3, double -0.5, double 0.7], ptr %x
  store [3 x double] zeroinitializer, ptr %dx
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, i64 %n, i64 %m)
  %d0 = load double, ptr %dx
  %p1 = getelementptr double, ptr %dx, i64 1
  %d1 = load double, ptr %p1
  %p2 = getelementptr double, ptr %dx, i64 2
  %d2 = load double, ptr %p2
  call i32 (ptr, ...) @printf(ptr @fmt, double %d0, double %d1, double %d2)
  ret void
}

define i32 @main() {
  call void @show(i64 1, i64 1)
  call void @show(i64 2, i64 3)
  call void @show(i64 3, i64 2)
  ret i32 0
}

; f = sum_i sin(x_i) * sum_{j<m} x_j + n: df/dx_k = [k<n] cos(x_k) S_m
; + [k<m] sum_{i<n} sin(x_i).
; NUM: 0.582121 0.000000 0.000000
; NUM-NEXT: 0.293763 0.254886 -0.183905
; NUM-NEXT: 0.269245 0.284796 -0.152968

; CHECK-LABEL: define internal void @f.eddy.grad.acc_r(
; The outer iteration allocates its 8-byte frame and stores a into it; the
; inner loop pushes nothing, and the outer latch pushes nothing either.
; CHECK: outer.i:
; CHECK: [[BASE:%eddy.record[^ ]*]] = phi i64
; CHECK: %a.i = call double @sin(
; CHECK: store double %a.i, ptr
; CHECK-NOT: store double
; CHECK-NOT: store i64 [[BASE]]
; CHECK: br i1 %ci.i, label %outer.i, label %exit.i
; The adjoint of the latch reads the frame at the tape's size minus 8.
; CHECK: outer.latch.rev.i:
; CHECK: [[TOP:%.*]] = phi i64
; CHECK: [[FB:%.*]] = add i64 [[TOP]], -8
; CHECK: getelementptr i8, ptr %{{.*}}, i64 [[FB]]

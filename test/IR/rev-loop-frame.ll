; Reverse mode, per-iteration frames: a value computed once per outer
; iteration (a = sin(x[i])) and used by the inner loop's adjoint is stored
; once per outer iteration, in the outer iteration's frame, and read from
; there by every inner adjoint iteration; it is not pushed by the inner loop.
; The loop indices are rebuilt from the adjoint's counters, and x, which f
; never writes, is read again by the adjoint (this is the gradient's own,
; outermost pair), so the inner iteration pushes nothing at all.
;   s = 0; for i < n { a = sin(x[i]); for j < m { s += a * x[j] } s = s * s }
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
  %s.next = fmul double %t.next, %t.next
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

; Central differences (h = 1e-6) agree to all printed digits.
; NUM: 0.103217 0.000000 0.000000
; NUM-NEXT: 0.109346 -0.020349 0.170858
; NUM-NEXT: -0.130025 -0.120657 0.036397

; CHECK-LABEL: define internal void @f.eddy.grad.acc_r(
; The outer iteration allocates its 8-byte frame when it starts and stores a
; into it once.
; CHECK: outer.i:
; CHECK: [[BASE:%eddy.record[^ ]*]] = phi i64
; CHECK: add i64 [[BASE]], 8
; CHECK: %a.i = call double @sin(
; CHECK: [[FP:%.*]] = getelementptr i8, ptr %{{.*}}, i64 [[BASE]]
; CHECK-NEXT: store double %a.i, ptr [[FP]]
; The inner iteration pushes nothing: no a, no index, no predecessor id, no
; x[j].
; CHECK: inner.i:
; CHECK-NOT: store
; CHECK: br i1 %cj.i, label %inner.i, label %outer.latch.i
; The outer latch pushes t.next and the frame's offset.
; CHECK: outer.latch.i:
; CHECK: store double %t.next.i, ptr
; CHECK: store i64 [[BASE]], ptr
; CHECK: br i1 %ci.i, label %outer.i, label %exit.i
; The inner adjoint loop counts down from umax(m, 1) - 1, re-reads x[j] and
; indexes dx[j] with its counter; a comes from the frame, loaded once per
; outer iteration.
; CHECK: inner.rev.i:
; CHECK: [[J:%inner.iter[^ ]*]] = add i64 %{{.*}}, -1
; CHECK-NEXT: [[XJP:%.*]] = getelementptr inbounds double, ptr %0, i64 [[J]]
; CHECK-NEXT: load double, ptr [[XJP]]
; CHECK: fmul double %{{.*}}, [[A:%a.i[^ ]*]]
; CHECK: getelementptr inbounds double, ptr %1, i64 [[J]]
; CHECK: icmp eq i64 [[J]], 0
; CHECK: outer.latch.rev.i:
; CHECK: [[FB:%.*]] = load i64, ptr
; CHECK: [[FA:%.*]] = getelementptr i8, ptr %{{.*}}, i64 [[FB]]
; CHECK-NEXT: [[A]] = load double, ptr [[FA]]
; CHECK-NEXT: br label %inner.rev.i

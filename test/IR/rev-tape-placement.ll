; Where the forward sweep stores a loop body's tape entries and where the
; adjoint loads them (lib/Transform/TapePlacement.h). The body computes
; a = sin(s), calls a function given a pointer (it may reach the tape, so
; nothing is stored before it), then e = exp(a * x). The body's room is made
; after the call; a and s (computed before it) are stored there, e right
; after exp. The adjoint pops the whole entry first thing and loads each
; value just before its first use. Derivative: s' = 0.5 exp(sin(s) x) sin(s);
; values checked against central differences (h = 1e-6, 7 digits agree).
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare double @exp(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define internal void @bump(ptr %c) {
  %v = load i32, ptr %c
  %w = add i32 %v, 1
  store i32 %w, ptr %c
  ret void
}

define dso_local double @f(double %x, i32 %n) {
entry:
  %count = alloca i32
  store i32 0, ptr %count
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 1.0, %entry ], [ %s.next, %loop ]
  %a = call double @sin(double %s)
  %b = fmul double %a, %x
  call void @bump(ptr %count)
  %e = call double @exp(double %b)
  %g = fmul double %e, %a
  %s.next = fmul double %g, 0.5
  %i.next = add i32 %i, 1
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret double %s.next
}

define void @show(double %x, i32 %n) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 1.3, i32 1)
  call void @show(double 1.3, i32 5)
  ret i32 0
}

; NUM: 1.057130
; NUM-NEXT: 1.451782

; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(
; CHECK: loop.i:
; CHECK: [[S:%s[^ ]*]] = phi double
; CHECK-NEXT: [[A:%a[^ ]*]] = call double @sin(double [[S]])
; CHECK-NEXT: fmul double [[A]]
; CHECK-NEXT: call void @bump(
; CHECK-NEXT: add i64 %eddy.tape.size{{[^ ]*}}, 24
; CHECK-NEXT: [[AT:%.*]] = getelementptr i8, ptr {{%.*}}, i64 %eddy.tape.size
; CHECK-NEXT: store double [[A]], ptr [[AT]]
; CHECK-NEXT: [[SP:%.*]] = getelementptr i8, ptr [[AT]], i64 16
; CHECK-NEXT: store double [[S]], ptr [[SP]]
; CHECK-NEXT: [[E:%e[^ ]*]] = call double @exp(
; CHECK-NEXT: [[EP:%.*]] = getelementptr i8, ptr [[AT]], i64 8
; CHECK-NEXT: store double [[E]], ptr [[EP]]
; CHECK-NEXT: fmul double [[E]], [[A]]
; The adjoint: the pop (size lowered, stored back), then a's load where the
; first product needs it, e's where the second does.
; CHECK: loop.rev.i:
; CHECK: [[BASE:%.*]] = add i64 %eddy.tape.size{{[^ ]*}}, -24
; CHECK-NEXT: [[RAT:%.*]] = getelementptr i8, ptr {{%.*}}, i64 [[BASE]]
; CHECK-NEXT: store i64 [[BASE]], ptr
; CHECK-NEXT: [[D:%.*]] = fmul double %s.next.adj{{[^ ]*}}, 5.000000e-01
; CHECK-NEXT: [[RA:%.*]] = load double, ptr [[RAT]]
; CHECK-NEXT: fmul double [[D]], [[RA]]
; CHECK: [[REP:%.*]] = getelementptr i8, ptr [[RAT]], i64 8
; CHECK-NEXT: [[RE:%.*]] = load double, ptr [[REP]]
; CHECK-NEXT: fmul double {{%.*}}, [[RE]]

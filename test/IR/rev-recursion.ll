; Reverse mode, a recursive function: f(x, 0) = x, f(x, n) = sin(f(x, n-1)) x.
; The derivative pair is cached before its body is generated, so the
; augmented sweep calls itself and the adjoint calls itself, on one tape.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s
; RUN: %opt-eddy -passes=eddy %s | lli | FileCheck %s --check-prefix=NUM

declare double @__enzyme_autodiff(ptr, ...)
declare double @sin(double)
declare i32 @printf(ptr, ...)
@fmt = private constant [6 x i8] c"%.6f\0A\00"

define dso_local double @f(double %x, i32 %n) noinline {
entry:
  %c = icmp eq i32 %n, 0
  br i1 %c, label %base, label %rec
base:
  ret double %x
rec:
  %n1 = sub i32 %n, 1
  %r = call double @f(double %x, i32 %n1)
  %s = call double @sin(double %r)
  %m = fmul double %s, %x
  ret double %m
}

define void @show(double %x, i32 %n) {
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, i32 %n)
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret void
}

define i32 @main() {
  call void @show(double 1.2, i32 0)
  call void @show(double 1.2, i32 1)
  call void @show(double 1.2, i32 6)
  ret i32 0
}

; NUM: 1.000000
; NUM-NEXT: 1.366868
; NUM-NEXT: 2.095868

; CHECK-LABEL: define internal double @f.eddy.aug.ac_r(double %x, i32 %n, ptr %tape)
; CHECK: call double @f.eddy.aug.ac_r(double %x, i32 %n1, ptr {{(nonnull )?}}%tape)
; CHECK-LABEL: define internal { double } @f.eddy.rev.ac_r(double %x, i32 %n, double %dret, ptr %tape)
; CHECK: call { double } @f.eddy.rev.ac_r(double %x, i32 {{%.*}}, double {{%.*}}, ptr nonnull %tape)
; CHECK-LABEL: define internal { double } @f.eddy.grad.ac_r(double %0, i32 %1)
; CHECK: call double @f.eddy.aug.ac_r(
; CHECK: call { double } @f.eddy.rev.ac_r(

; Forward mode, llvm.is.fpclass (isnormal at -O0, what is left of class tests
; at -O2) on an active value: a boolean, no derivative, no refusal.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare i1 @llvm.is.fpclass.f64(double, i32)

define double @f(double %x) {
  %c = call i1 @llvm.is.fpclass.f64(double %x, i32 264)
  %y = select i1 %c, double 0.0, double %x
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[C:%.*]] = call i1 @llvm.is.fpclass.f64(double %x, i32 264)
; CHECK-NEXT: [[Y:%.*]] = select i1 [[C]], double 0.000000e+00, double %x
; CHECK-NEXT: [[T:%.*]] = select i1 [[C]], double 0.000000e+00, double %x.tangent

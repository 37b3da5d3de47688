; Forward mode, intrinsic log: d log(x) = dx / x.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.log.f64(double)

define double @f(double %x) {
  %y = call double @llvm.log.f64(double %x)
  ret double %y
}

define double @test(double %x, double %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx)
  ret double %r
}

; The request becomes a call of the derivative; its tangent is returned.
; CHECK-LABEL: define double @test(
; CHECK-NEXT: [[D:%.*]] = call { double, double } @f.eddy.fwd.a_r(double %x, double %dx)
; CHECK-NEXT: [[DT:%.*]] = extractvalue { double, double } [[D]], 1
; CHECK-NEXT: ret double [[DT]]

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.a_r(double %x, double %x.tangent)
; CHECK-NEXT: [[Y:%.*]] = call double @llvm.log.f64(double %x)
; CHECK-NEXT: [[P:%.*]] = fdiv double 1.000000e+00, %x
; CHECK-NEXT: [[TM:%.*]] = fmul double [[P]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]

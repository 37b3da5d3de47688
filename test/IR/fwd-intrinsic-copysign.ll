; Forward mode, llvm.copysign(x, z) = |x| sgn(z): d = sgn(x) sgn(z) dx; no dz term.
; RUN: %opt-eddy -passes=eddy -S %s | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.copysign.f64(double, double)

define double @f(double %x, double %z) {
  %y = call double @llvm.copysign.f64(double %x, double %z)
  ret double %y
}

define double @test(double %x, double %dx, double %z, double %dz) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double %dx, double %z, double %dz)
  ret double %r
}

; CHECK-LABEL: define double @test(
; CHECK-NEXT: call { double, double } @f.eddy.fwd.aa_r(double %x, double %dx, double %z, double %dz)

; CHECK-LABEL: define internal { double, double } @f.eddy.fwd.aa_r(double %x, double %x.tangent, double %z, double %z.tangent)
; CHECK-NEXT: [[Y:%.*]] = call {{.*}}double @llvm.copysign.f64(double %x, double %z)
; CHECK-NEXT: [[SX:%.*]] = call double @llvm.copysign.f64(double 1.000000e+00, double %x)
; CHECK-NEXT: [[SZ:%.*]] = call double @llvm.copysign.f64(double 1.000000e+00, double %z)
; CHECK-NEXT: [[S:%.*]] = fmul double [[SX]], [[SZ]]
; CHECK-NEXT: [[TM:%.*]] = fmul double [[S]], %x.tangent
; CHECK-NEXT: [[TZ:%.*]] = fcmp oeq double %x.tangent, 0.000000e+00
; CHECK-NEXT: [[T:%.*]] = select i1 [[TZ]], double 0.000000e+00, double [[TM]]
; CHECK-NEXT: [[R:%.*]] = insertvalue { double, double } poison, double [[Y]], 0
; CHECK-NEXT: [[R2:%.*]] = insertvalue { double, double } [[R]], double [[T]], 1
; CHECK-NEXT: ret { double, double } [[R2]]
